import { opaqueId } from '../../simulation/ids.ts';
import { basicCredentials, RouteTable, type Route, type SimRequest, type SimResponse } from '../../simulation/route-table.ts';
import { ACCESS_LIFETIME_S, type AuthorizationRequest, type IssuedTokens, type OAuthRefusal } from './authorization-server.ts';
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

/** The user and OAuth client of the access token the request carries (`Authorization: Bearer`), when it is live. */
function bearerUser(req: SimRequest, model: SapMobileServicesModel): { readonly user: string; readonly client: string } | undefined {
  const [scheme, token] = (req.headers.get('authorization') ?? '').split(' ');
  return scheme?.toLowerCase() === 'bearer' && token ? model.oauth.bearer(token) : undefined;
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

// The authorization server: the authorization endpoint with its login page (PKCE S256), and the token endpoint.

const AUTHORIZE = '/oauth2/api/v1/authorize';
/** A client's page for the way back from the authorization server, on the simulator's own origin: it shows a page and redeems no code. */
export const OAUTH_CALLBACK = '/oauth2/conformance/callback';
const html = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The authorization request a query or the login form carries. */
const authorizationRequest = (fields: URLSearchParams): AuthorizationRequest => ({
  responseType: fields.get('response_type') ?? '',
  clientId: fields.get('client_id') ?? '',
  redirectUri: fields.get('redirect_uri') ?? '',
  codeChallenge: fields.get('code_challenge') ?? '',
  codeChallengeMethod: fields.get('code_challenge_method') ?? '',
});

/** The parameters the login form carries over to its submission, as the IdP's page does. */
const CARRIED = ['response_type', 'client_id', 'redirect_uri', 'code_challenge', 'code_challenge_method', 'state', 'scope'];

/** The login page, with the field ids of SAP Identity Authentication's; the password field always empty. */
function loginPage(req: SimRequest, fields: URLSearchParams, problem?: string): SimResponse {
  const hidden = CARRIED.filter((name) => fields.has(name))
    .map((name) => `<input type="hidden" name="${name}" value="${html(fields.get(name) ?? '')}">`)
    .join('');
  return {
    status: 200,
    headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' },
    body:
      `<!doctype html><html><head><title>Sign in</title></head><body>${problem ? `<p role="alert">${html(problem)}</p>` : ''}` +
      `<form method="post" action="${html(req.basePath + AUTHORIZE)}">${hidden}` +
      '<label>User <input id="j_username" name="j_username" autocomplete="username"></label>' +
      '<label>Password <input id="j_password" name="j_password" type="password" autocomplete="current-password"></label>' +
      '<button id="logOnFormSubmit" type="submit">Log On</button></form></body></html>',
  };
}

/** A token answer (RFC 6749 5.1); with 'token-answer-extras' the fields a real server adds, an id_token where openid was asked for. */
function tokenAnswer(model: SapMobileServicesModel, tokens: IssuedTokens, form: URLSearchParams): SimResponse {
  const loose = model.varies('token-answer-extras');
  const openid = form.get('grant_type') === 'refresh_token' || (form.get('scope') ?? '').split(' ').includes('openid');
  const extras = loose
    ? {
        scope: form.get('scope') ?? 'openid',
        ...(openid ? { id_token: idToken(tokens.refresh) } : {}),
        jti: tokens.refresh.slice(0, 8),
        session_handle: `sh-${opaqueId(`sap:handle:${tokens.refresh}`, 1, 16)}`,
      }
    : {};
  const body = {
    access_token: tokens.access,
    ...(tokens.rotated ? { refresh_token: tokens.refresh } : {}),
    token_type: 'bearer',
    expires_in: ACCESS_LIFETIME_S,
  };
  return json(200, { ...body, ...extras }, { 'cache-control': 'no-store' }, loose);
}

/** An OpenID Connect id_token as a real server signs one: a JWT of its own, sharing nothing with the tokens beside it. */
function idToken(refresh: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signature = Buffer.from(opaqueId(`sap:id-token-signature:${refresh}`, 1, 64), 'hex').toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'conformance' })}.${part({ sub: opaqueId(`sap:subject:${refresh}`, 1, 12), aud: 'conformance' })}.${signature}`;
}

function refused(model: SapMobileServicesModel, { status, error, description }: OAuthRefusal): SimResponse {
  const loose = model.varies('token-answer-extras');
  // A UAA-style server refuses a revoked refresh token with 401 invalid_token.
  if (error === 'invalid_grant' && description === 'Invalid refresh token' && model.varies('revoked-token-401'))
    return json(401, { error: 'invalid_token', error_description: 'Invalid refresh token (expired or revoked)' }, {}, loose);
  return json(status, { error, error_description: description }, {}, loose);
}

const authorizationServer: Route<SapMobileServicesModel>[] = [
  {
    method: 'GET',
    path: OAUTH_CALLBACK,
    handle: () => ({ status: 200, headers: { 'content-type': 'text/html;charset=utf-8' }, body: '<!doctype html><title>Signed in</title><p>Signed in.</p>' }),
  },
  {
    method: 'GET',
    path: AUTHORIZE,
    handle: (model, req) => {
      const problem = model.oauth.refuseAuthorization(authorizationRequest(req.query));
      return problem
        ? { status: 400, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: `Invalid authorization request: ${problem}` }
        : loginPage(req, req.query);
    },
  },
  {
    method: 'POST',
    path: AUTHORIZE,
    handle: (model, req) => {
      const form = new URLSearchParams(req.body);
      const request = authorizationRequest(form);
      const problem = model.oauth.refuseAuthorization(request);
      if (problem) return { status: 400, headers: { 'content-type': 'text/plain;charset=utf-8' }, body: `Invalid authorization request: ${problem}` };
      const code = model.oauth.authorize(request, form.get('j_username') ?? '', form.get('j_password') ?? '');
      if (!code) return loginPage(req, form, 'Sorry, we could not authenticate you. Try again.');
      const back = new URL(request.redirectUri);
      back.searchParams.set('code', code);
      if (form.has('state')) back.searchParams.set('state', form.get('state') ?? '');
      return { status: 302, headers: { location: back.href, 'cache-control': 'no-store' } };
    },
  },
  {
    method: 'POST',
    path: '/oauth2/api/v1/token',
    handle: (model, req) => {
      const form = new URLSearchParams(req.body);
      const client = form.get('client_id') ?? '';
      const device = req.headers.get('x-smp-deviceid') ?? 'unknown-device';
      if (!client) return refused(model, { status: 401, error: 'invalid_client', description: 'client_id is required' });
      let answer: IssuedTokens | OAuthRefusal;
      switch (form.get('grant_type')) {
        case 'authorization_code':
          answer = model.oauth.exchangeCode(form.get('code') ?? '', client, form.get('redirect_uri') ?? '', form.get('code_verifier') ?? '', device);
          break;
        case 'password':
          answer = model.oauth.passwordGrant(form.get('username') ?? '', form.get('password') ?? '', client, device);
          break;
        case 'refresh_token':
          answer = model.oauth.refreshGrant(form.get('refresh_token') ?? '', client);
          break;
        default:
          answer = { status: 400, error: 'unsupported_grant_type', description: 'grant_type is not supported' };
      }
      return 'error' in answer ? refused(model, answer) : tokenAnswer(model, answer, form);
    },
  },
];

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
      // An OAuth application takes its authorization server's access tokens, and no password.
      const signedIn = model.isOAuthApp(appId) ? bearerUser(req, model) : { user: basicUser(req, model), client: undefined };
      if (signedIn?.user === undefined) return deadSession(model, appId);
      const id = model.openSession(signedIn.user, appId, req.headers.get('x-smp-deviceid') ?? undefined, signedIn.client);
      return json(200, { userName: signedIn.user }, { 'set-cookie': sessionCookies(model, id) });
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
  ...authorizationServer,
]);
