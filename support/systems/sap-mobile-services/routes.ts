import type { Route, SimRequest, SimResponse } from '../../simulation/route-table.ts';
import type { LogoutMethod, LogoutVersion, SapMobileServicesModel } from './model.ts';
import { LOGIN_REQUEST_HEADER, LOGOUT_PATHS } from './paths.ts';

export const SESSION_COOKIE = 'JSESSIONID';
const PUSH_REGISTRATION = '/mobileservices/push/v1/runtime/applications/:appId/os/:os/devices/:deviceId';

const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A dead session's answer: 401, or on a SAML application the login request the browser flow expects. */
function deadSession(model: SapMobileServicesModel): SimResponse {
  if (model.deadSessionStyle === '401') return { status: 401, headers: { 'www-authenticate': 'Basic realm="SAP Mobile Services"' } };
  const headers: Record<string, string> = { 'content-type': 'text/html;charset=utf-8' };
  if (!model.has('saml-dead-session-looks-live')) headers[LOGIN_REQUEST_HEADER] = 'login-request';
  return { status: 200, headers, body: '<html><body><form method="post" action="/saml2/sp/acs"><noscript>Sign in</noscript></form></body></html>' };
}

/** The user whose Basic credentials the request carries, when they are right. */
function basicUser(req: SimRequest, model: SapMobileServicesModel): string | undefined {
  const [scheme, encoded] = (req.headers.get('authorization') ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  const [user = '', ...password] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return model.authenticate(user, password.join(':')) ? user : undefined;
}

const sessionOf = (req: SimRequest): string | undefined => req.cookies[SESSION_COOKIE];
const expiredCookie = [`${SESSION_COOKIE}=; Path=/; Max-Age=0; Secure; HttpOnly`];

function logout(model: SapMobileServicesModel, version: LogoutVersion, method: LogoutMethod): Route {
  return {
    method,
    path: LOGOUT_PATHS[`${version} ${method}`],
    handle: (req) => {
      if (model.has('logout-demands-credentials') && !req.headers.has('authorization')) return { status: 401 };
      if (model.has('no-session-answers-401') && model.userOf(sessionOf(req)) === undefined) return { status: 401 };
      model.logout(version, method, sessionOf(req));
      return { status: 204, headers: { 'set-cookie': expiredCookie } };
    },
  };
}

export function routes(model: SapMobileServicesModel): Route[] {
  return [
    {
      // The session request: a live cookie is answered as is; otherwise Basic
      // credentials open a session. (A real SAML application would not take Basic
      // credentials; the simulator's SAML switch changes only how dead sessions answer.)
      method: 'GET',
      path: '/mobileservices/application/:appId/roleservice/application/:sameAppId/v2/Me',
      handle: (req) => {
        const live = model.userOf(sessionOf(req));
        if (live !== undefined) return json(200, { userName: live });
        if (!req.headers.has('authorization')) return deadSession(model);
        const user = basicUser(req, model);
        if (user === undefined) return { status: 401, headers: { 'www-authenticate': 'Basic realm="SAP Mobile Services"' } };
        const id = model.openSession(user, req.headers.get('x-smp-deviceid') ?? undefined);
        return json(200, { userName: user }, { 'set-cookie': [`${SESSION_COOKIE}=${id}; Path=/; Secure; HttpOnly`] });
      },
    },
    logout(model, 'v1', 'POST'),
    logout(model, 'v1', 'DELETE'),
    logout(model, 'v2', 'POST'),
    logout(model, 'v2', 'DELETE'),
    {
      method: 'POST',
      path: PUSH_REGISTRATION,
      handle: (req, { deviceId = '', os = '' }) =>
        model.register(sessionOf(req), deviceId, os) ? json(201, { DeviceId: deviceId, Os: os }) : deadSession(model),
    },
    {
      method: 'GET',
      path: PUSH_REGISTRATION,
      handle: (req, { deviceId = '' }) => {
        const found = model.registration(sessionOf(req), deviceId);
        if (found === 'dead') return deadSession(model);
        return found ? json(200, { DeviceId: deviceId, Os: found.os }) : json(404, { error: 'Not Found', message: `no push registration for device ${deviceId}` });
      },
    },
    {
      method: 'POST',
      path: '/oauth2/api/v1/token',
      handle: (req) => {
        const form = new URLSearchParams(req.body);
        if (!form.get('client_id')) return json(401, { error: 'invalid_client' });
        const issued = (refresh: string) => json(200, { access_token: `at-${refresh}`, refresh_token: refresh, token_type: 'bearer', expires_in: 3600 });
        switch (form.get('grant_type')) {
          case 'password': {
            const user = form.get('username') ?? '';
            if (!model.authenticate(user, form.get('password') ?? '')) return json(400, { error: 'invalid_grant', error_description: 'Bad credentials' });
            return issued(model.issueRefreshToken(user, req.headers.get('x-smp-deviceid') ?? 'unknown-device'));
          }
          case 'refresh_token': {
            const next = model.refresh(form.get('refresh_token') ?? '');
            return next ? issued(next) : json(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
          }
          default:
            return json(400, { error: 'unsupported_grant_type' });
        }
      },
    },
  ];
}
