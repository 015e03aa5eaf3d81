import type { Route, SimRequest, SimResponse } from '../../simulation/route-table.ts';
import type { LogoutVersion, MeReply, SapMobileServicesModel } from './model.ts';

export const SESSION_COOKIE = 'JSESSIONID';
export const LOGIN_REQUEST_HEADER = 'com.sap.cloud.security.login';

const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A dead session's answer: 401, or on a SAML application the login request the browser flow expects. */
function dead(reply: Extract<MeReply, { live: false }>, model: SapMobileServicesModel): SimResponse {
  if (reply.style === '401') return { status: 401, headers: { 'www-authenticate': 'Basic realm="SAP Mobile Services"' } };
  const headers: Record<string, string> = { 'content-type': 'text/html' };
  if (!model.has('saml-dead-session-looks-live')) headers[LOGIN_REQUEST_HEADER] = 'login-request';
  return { status: 200, headers, body: '<html><body><form method="post" action="/saml2/sp/acs"></form></body></html>' };
}

function basicUser(req: SimRequest, model: SapMobileServicesModel): string | undefined {
  const [scheme, encoded] = (req.headers.get('authorization') ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  const [user, ...rest] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return user !== undefined && model.authenticate(user, rest.join(':')) ? user : undefined;
}

const ended = [`${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly`];

function logout(model: SapMobileServicesModel, version: LogoutVersion, method: 'POST' | 'DELETE'): Route {
  const path = version === 'v1' ? (method === 'POST' ? '/mobileservices/sessions/logout' : '/mobileservices/sessions') : method === 'POST' ? '/mobileservices/sessions/v2/logout' : '/mobileservices/sessions/v2';
  return {
    method,
    path,
    handle: (req) => {
      if (model.has('logout-demands-credentials') && !req.headers.has('authorization')) return { status: 401 };
      const sessionId = req.cookies[SESSION_COOKIE];
      if (model.has('no-session-answers-401') && model.userOf(sessionId) === undefined) return { status: 401 };
      model.logout(version, method, sessionId);
      return { status: 204, headers: { 'set-cookie': ended } };
    },
  };
}

export function routes(model: SapMobileServicesModel): Route[] {
  return [
    {
      // The session request: Basic credentials open a session; the cookie alone is the probe.
      method: 'GET',
      path: '/mobileservices/application/:appId/roleservice/application/:sameAppId/v2/Me',
      handle: (req) => {
        const me = model.me(req.cookies[SESSION_COOKIE]);
        if (me.live) return json(200, { userName: me.user });
        const user = basicUser(req, model);
        if (!user) return req.headers.has('authorization') ? { status: 401 } : dead(me, model);
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
      path: '/mobileservices/push/v1/runtime/applications/:appId/os/:os/devices/:deviceId',
      handle: (req, params) => {
        const ok = model.register(req.cookies[SESSION_COOKIE], params.deviceId ?? '', params.os ?? '');
        return ok ? json(201, { deviceId: params.deviceId }) : dead(model.me(undefined) as Extract<MeReply, { live: false }>, model);
      },
    },
    {
      method: 'GET',
      path: '/mobileservices/push/v1/runtime/applications/:appId/os/:os/devices/:deviceId',
      handle: (req, params) => {
        const found = model.registration(req.cookies[SESSION_COOKIE], params.deviceId ?? '');
        if (found === 'dead') return dead(model.me(undefined) as Extract<MeReply, { live: false }>, model);
        return found ? json(200, { deviceId: params.deviceId, os: found.os }) : json(404, { error: 'not registered' });
      },
    },
    {
      method: 'POST',
      path: '/oauth2/api/v1/token',
      handle: (req) => {
        const form = new URLSearchParams(req.body);
        const device = req.headers.get('x-smp-deviceid') ?? 'unknown-device';
        if (form.get('grant_type') === 'password') {
          const user = form.get('username') ?? '';
          if (!model.authenticate(user, form.get('password') ?? '')) return json(400, { error: 'invalid_grant' });
          const refresh = model.issueRefreshToken(user, device);
          return json(200, { access_token: `at-${refresh}`, refresh_token: refresh, token_type: 'bearer', expires_in: 3600 });
        }
        if (form.get('grant_type') === 'refresh_token') {
          const next = model.refresh(form.get('refresh_token') ?? '');
          if (!next) return json(400, { error: 'invalid_grant', error_description: 'the refresh token is revoked or unknown' });
          return json(200, { access_token: `at-${next.token}`, refresh_token: next.token, token_type: 'bearer', expires_in: 3600 });
        }
        return json(400, { error: 'unsupported_grant_type' });
      },
    },
  ];
}
