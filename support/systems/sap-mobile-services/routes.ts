import { opaqueId } from '../../simulation/ids.ts';
import { basicCredentials, RouteTable, type Route, type SimRequest, type SimResponse } from '../../simulation/route-table.ts';
import type { SapMobileServicesModel } from './model.ts';
import { samlRoutes, toIdentityProvider, wantsPage } from './saml-routes.ts';
import { LOGIN_REQUEST_HEADER, LOGOUT_PATHS, SESSION_COOKIE, type LogoutMethod, type LogoutVersion } from './vocabulary.ts';

const PUSH_REGISTRATION = '/mobileservices/push/v1/runtime/applications/:appId/os/:os/devices/:deviceId';

/** A JSON answer; with 'token-answer-extras' in the looser form a real server may use. */
const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}, loose = false): SimResponse => ({
  status,
  headers: { 'content-type': loose ? 'application/json;charset=UTF-8' : 'application/json', ...headers },
  body: loose ? JSON.stringify(body, null, 2) : JSON.stringify(body),
});

/** An OpenID Connect id_token as a real server signs one: a JWT of its own, sharing nothing with the tokens beside it. */
function idToken(refresh: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signature = Buffer.from(opaqueId(`sap:id-token-signature:${refresh}`, 1, 64), 'hex').toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'conformance' })}.${part({ sub: opaqueId(`sap:subject:${refresh}`, 1, 12), aud: 'conformance' })}.${signature}`;
}

/** A dead session's answer: 401, or on a SAML application the login request the browser flow expects. */
function deadSession(model: SapMobileServicesModel, app: string): SimResponse {
  if (model.deadSessionStyleOf(app) === '401') {
    if (model.varies('dead-session-401-body'))
      return json(
        401,
        { error: 'unauthorized', message: 'Full authentication is required' },
        { 'www-authenticate': 'Bearer realm="SAP Mobile Services", Basic realm="SAP Mobile Services"' },
      );
    return { status: 401, headers: { 'www-authenticate': 'Basic realm="SAP Mobile Services"' } };
  }
  const bare = model.varies('login-request-bare');
  const headers: Record<string, string> = bare ? {} : { 'content-type': 'text/html;charset=utf-8' };
  if (!model.has('saml-dead-session-looks-live')) headers[LOGIN_REQUEST_HEADER] = 'login-request';
  if (bare) return { status: 200, headers };
  return { status: 200, headers, body: '<html><body><form method="post" action="/saml2/sp/acs"><noscript>Sign in</noscript></form></body></html>' };
}

/** The user whose Basic credentials the request carries, when they are right. */
function basicUser(req: SimRequest, model: SapMobileServicesModel): string | undefined {
  const given = basicCredentials(req);
  return given && model.authenticate(given.user, given.password) ? given.user : undefined;
}

const sessionOf = (req: SimRequest): string | undefined => req.cookies[SESSION_COOKIE];
const expiredCookie = [`${SESSION_COOKIE}=; Path=/; Max-Age=0; Secure; HttpOnly`];

function sessionCookies(model: SapMobileServicesModel, id: string): string[] {
  if (!model.varies('extra-cookies')) return [`${SESSION_COOKIE}=${id}; Path=/; Secure; HttpOnly`];
  return [
    `__VCAP_ID__=${id.slice(0, 8)}; Path=/; HttpOnly; Secure; SameSite=None`,
    `${SESSION_COOKIE}=${id}; Path=/mobileservices; Secure; HttpOnly; SameSite=None`,
  ];
}

function logout(version: LogoutVersion, method: LogoutMethod): Route<SapMobileServicesModel> {
  return {
    method,
    path: LOGOUT_PATHS[`${version} ${method}`],
    handle: (model, req) => {
      if (model.has('logout-demands-credentials') && !req.headers.has('authorization')) return { status: 401 };
      if (model.has('logout-demands-smp-headers') && !(req.headers.has('x-smp-appid') && req.headers.has('x-smp-deviceid')))
        return json(400, { error: 'bad_request', message: 'X-SMP-APPID and X-SMP-DEVICEID are required' });
      if (model.has('no-session-answers-401') && model.userOf(sessionOf(req)) === undefined) return { status: 401 };
      model.logout(version, method, sessionOf(req));
      const own: Record<string, string> = model.varies('logout-extra-headers')
        ? { 'cache-control': 'no-cache, no-store', 'x-correlationid': `logout-${version}-${method.toLowerCase()}`, 'x-vcap-request-id': 'conformance' }
        : {};
      return model.varies('logout-sets-no-cookie') ? { status: 204, headers: own } : { status: 204, headers: { ...own, 'set-cookie': expiredCookie } };
    },
  };
}

export const routes = new RouteTable<SapMobileServicesModel>([
  {
    // The session request: a live cookie of the application is answered as is;
    // otherwise, on an application that is not SAML, Basic credentials open a session.
    method: 'GET',
    path: '/mobileservices/application/:appId/roleservice/application/:sameAppId/v2/Me',
    handle: async (model, req, { appId = '' }) => {
      const live = model.userOf(sessionOf(req), appId);
      if (live !== undefined) return json(200, { userName: live });
      if (model.deadSessionStyleOf(appId) === 'saml') {
        // The browser flow starts with a cookie of its own: a session, but not an authenticated one.
        const answer = deadSession(model, appId);
        const flow = { ...answer.headers, 'set-cookie': [`${SESSION_COOKIE}=${model.startSamlFlow()}; Path=/; Secure; HttpOnly`] };
        // A browser's page load is sent on to the IdP; an API client gets the login request alone.
        if (wantsPage(req))
          return { status: 200, headers: { ...flow, 'content-type': 'text/html;charset=utf-8' }, body: await toIdentityProvider(model, req, appId) };
        return { ...answer, headers: flow };
      }
      if (!req.headers.has('authorization')) return deadSession(model, appId);
      const user = basicUser(req, model);
      if (user === undefined) return deadSession(model, appId);
      const id = model.openSession(user, appId, req.headers.get('x-smp-deviceid') ?? undefined);
      return json(200, { userName: user }, { 'set-cookie': sessionCookies(model, id) });
    },
  },
  ...samlRoutes(sessionCookies),
  logout('v1', 'POST'),
  logout('v1', 'DELETE'),
  logout('v2', 'POST'),
  logout('v2', 'DELETE'),
  {
    method: 'POST',
    path: PUSH_REGISTRATION,
    handle: (model, req, { appId = '', deviceId = '', os = '' }) => {
      if (!model.register(sessionOf(req), deviceId, os)) return deadSession(model, appId);
      return model.varies('registration-answers-200') ? json(200, { d: { ApplicationConnectionId: deviceId } }) : json(201, { DeviceId: deviceId, Os: os });
    },
  },
  {
    method: 'GET',
    path: PUSH_REGISTRATION,
    handle: (model, req, { appId = '', deviceId = '' }) => {
      const found = model.registration(sessionOf(req), deviceId);
      if (found === 'dead') return deadSession(model, appId);
      if (!found) return json(404, { error: 'Not Found', message: `no push registration for device ${deviceId}` });
      return model.varies('registration-answers-200')
        ? json(200, { d: { ApplicationConnectionId: deviceId, DeviceType: found.os } })
        : json(200, { DeviceId: deviceId, Os: found.os });
    },
  },
  {
    method: 'POST',
    path: '/oauth2/api/v1/token',
    handle: (model, req) => {
      const form = new URLSearchParams(req.body);
      const loose = model.varies('token-answer-extras');
      if (!form.get('client_id')) return json(401, { error: 'invalid_client' }, {}, loose);
      const issued = (refresh: string, rotated: boolean) => {
        const extras = loose
          ? { scope: 'openid', id_token: idToken(refresh), jti: refresh.slice(0, 8), session_handle: `sh-${opaqueId(`sap:handle:${refresh}`, 1, 16)}` }
          : {};
        return json(
          200,
          { access_token: `at-${refresh}`, ...(rotated ? { refresh_token: refresh } : {}), token_type: 'bearer', expires_in: 3600, ...extras },
          {},
          loose,
        );
      };
      switch (form.get('grant_type')) {
        case 'password': {
          const user = form.get('username') ?? '';
          if (!model.authenticate(user, form.get('password') ?? ''))
            return json(400, { error: 'invalid_grant', error_description: 'Bad credentials' }, {}, loose);
          return issued(model.issueRefreshToken(user, req.headers.get('x-smp-deviceid') ?? 'unknown-device'), true);
        }
        case 'refresh_token': {
          const used = form.get('refresh_token') ?? '';
          const next = model.refresh(used);
          if (next) return issued(next, next !== used);
          if (model.varies('revoked-token-401'))
            return json(401, { error: 'invalid_token', error_description: 'Invalid refresh token (expired or revoked)' }, {}, loose);
          return json(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }, {}, loose);
        }
        default:
          return json(400, { error: 'unsupported_grant_type' }, {}, loose);
      }
    },
  },
]);
