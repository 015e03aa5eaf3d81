/**
 * The HTTP face of the simulator's SAML federation (idp.ts): the IdP's login form, in
 * the shape SAP Identity Authentication gives it (`#j_username`, `#j_password`,
 * `#logOnFormSubmit`), its POST binding back to the application, and the application's
 * assertion consumer, which opens the session. A browser runs it in four round trips:
 * the application's page sends it to the IdP, the IdP's form, its answer posted to the
 * assertion consumer, and the redirect back to the application with the session cookie.
 */
import type { Route, SimRequest, SimResponse } from '../../simulation/route-table.ts';
import { SAML_PATHS, type LoginRequest } from './idp.ts';
import type { SapMobileServicesModel } from './model.ts';

const html = (body: string, headers: Record<string, string | string[]> = {}): SimResponse => ({
  status: 200,
  headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: `<!doctype html><html><head><title>Sign in</title></head><body>${body}</body></html>`,
});

const attr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const hidden = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${attr(value)}">`)
    .join('');

/** Whether the request is a browser's page load rather than an API client's (which the login request header serves). */
export const wantsPage = (req: SimRequest): boolean => (req.headers.get('accept') ?? '').includes('text/html');

/** The page that sends a browser from the application to the IdP's SSO with a fresh AuthnRequest (and the relay state to come back to). */
export async function toIdentityProvider(model: SapMobileServicesModel, req: SimRequest, app: string): Promise<string> {
  const where = `${req.basePath}${await model.saml.loginRedirect(app, req.path)}`;
  return `<script>location.replace(${JSON.stringify(where)})</script><noscript><a href="${attr(where)}">Sign in</a></noscript>`;
}

function loginForm(req: SimRequest, samlRequest: string, relayState: string, problem = ''): SimResponse {
  return html(
    `${problem ? `<p role="alert">${problem}</p>` : ''}<form id="logOnForm" method="post" action="${attr(req.basePath + SAML_PATHS.sso)}">` +
      hidden({ SAMLRequest: samlRequest, RelayState: relayState }) +
      '<label>E-mail or user name <input id="j_username" name="j_username" autocomplete="username"></label>' +
      '<label>Password <input id="j_password" name="j_password" type="password" autocomplete="current-password"></label>' +
      '<button id="logOnFormSubmit" type="submit">Continue</button></form>',
  );
}

const badRequest = (why: string): SimResponse => ({ status: 400, headers: { 'content-type': 'text/plain' }, body: why });

/** The AuthnRequest a request carries, or the 400 an IdP answers without one. */
function loginRequestOf(model: SapMobileServicesModel, samlRequest: string | null): LoginRequest | SimResponse {
  return (samlRequest && model.saml.loginRequest(samlRequest)) || badRequest('no SAML AuthnRequest');
}

/** The routes of the IdP and of the applications' assertion consumer; `openSession` sets the session cookie as the session request does. */
export function samlRoutes(sessionCookies: (model: SapMobileServicesModel, id: string) => string[]): Route<SapMobileServicesModel>[] {
  return [
    {
      method: 'GET',
      path: SAML_PATHS.sso,
      handle: (model, req) => {
        const request = loginRequestOf(model, req.query.get('SAMLRequest'));
        if ('status' in request) return request;
        return loginForm(req, req.query.get('SAMLRequest') ?? '', req.query.get('RelayState') ?? '');
      },
    },
    {
      method: 'POST',
      path: SAML_PATHS.sso,
      handle: (model, req) => {
        const form = new URLSearchParams(req.body);
        const samlRequest = form.get('SAMLRequest') ?? '';
        const request = loginRequestOf(model, samlRequest);
        if ('status' in request) return request;
        const user = form.get('j_username') ?? '';
        const relayState = form.get('RelayState') ?? '';
        if (!model.authenticate(user, form.get('j_password') ?? '')) return loginForm(req, samlRequest, relayState, 'Sorry, we could not authenticate you.');
        return html(
          `<form method="post" action="${attr(req.basePath + request.acsPath)}">${hidden({ SAMLResponse: model.saml.respond(user, request), RelayState: relayState })}` +
            '<noscript><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit()</script>',
        );
      },
    },
    {
      method: 'POST',
      path: SAML_PATHS.acs,
      handle: async (model, req, { appId = '' }): Promise<SimResponse> => {
        const form = new URLSearchParams(req.body);
        const validated = await model.saml.validate(appId, form.get('SAMLResponse') ?? '');
        if ('refused' in validated) return { status: 403, headers: { 'content-type': 'text/plain' }, body: `SAML response refused: ${validated.refused}` };
        const id = model.openSession(validated.user, appId, req.headers.get('x-smp-deviceid') ?? undefined);
        // Back to where the flow started, on this host only.
        const relayState = form.get('RelayState') ?? '';
        const back = relayState.startsWith('/') && !relayState.startsWith('//') ? relayState : '/';
        return { status: 302, headers: { location: `${req.basePath}${back}`, 'set-cookie': sessionCookies(model, id) } };
      },
    },
  ];
}
