import { opaqueId } from '../../simulation/ids.ts';
import { basicCredentials, RouteTable, type Route, type SimRequest, type SimResponse } from '../../simulation/route-table.ts';
import { JSON_LOGIN, REMOTE_LOGOUT, SESSION_COOKIE, SESSION_HEADER, SESSION_QUERY, WEB_LOGIN } from './vocabulary.ts';
import type { Caller, FlexiModel } from './model.ts';

type Format = 'json' | 'xml' | 'html';

/** The answer's format: the URL suffix wins over Accept; with neither, HTML. */
function formatOf(req: SimRequest, suffix: string | undefined, model: FlexiModel): Format {
  const accept = req.headers.get('accept') ?? '';
  const byAccept: Format | undefined = /application\/json/.test(accept) ? 'json' : /(application|text)\/xml/.test(accept) ? 'xml' : undefined;
  const bySuffix = suffix === 'json' || suffix === 'xml' ? suffix : undefined;
  return (model.has('accept-beats-suffix') ? (byAccept ?? bySuffix) : (bySuffix ?? byAccept)) ?? 'html';
}

/** A JSON body; with formatted-bodies indented, its fields reversed, without a charset. */
function json(model: FlexiModel, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): SimResponse {
  if (!model.varies('formatted-bodies'))
    return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
  const reversed = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([k, v]) => [k, reversed(v)]),
        )
      : value;
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: `${JSON.stringify(reversed(body), null, 2)}\n` };
}

/** The winstrom envelope, booleans as strings, in the format asked for. */
function winstrom(model: FlexiModel, status: number, format: Exclude<Format, 'html'>, success: boolean, message?: string): SimResponse {
  const extra = model.varies('formatted-bodies') ? { stats: { created: '0', updated: '0' } } : {};
  if (format === 'json') return json(model, status, { winstrom: { '@version': '1.0', success: String(success), ...(message ? { message } : {}), ...extra } });
  const escaped = (message ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (model.varies('formatted-bodies')) {
    return {
      status,
      headers: { 'content-type': 'text/xml' },
      body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<winstrom version="1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <success>${success}</success>\n${message ? `  <message>${escaped}</message>\n` : ''}  <stats><created>0</created></stats>\n</winstrom>\n`,
    };
  }
  return {
    status,
    headers: { 'content-type': 'application/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?><winstrom version="1.0"><success>${success}</success>${message ? `<message>${escaped}</message>` : ''}</winstrom>`,
  };
}

function answer(model: FlexiModel, status: number, format: Format, success: boolean, message: string): SimResponse {
  if (format !== 'html') return winstrom(model, status, format, success, message);
  return html(status, message);
}

const html = (status: number, text: string, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  body: `<html><body><p>${text}</p></body></html>`,
});

/** The origin a reverse proxy in front of the deployment names in its redirects (front-end-origin). */
const FRONT_END = 'https://flexi-front.test';

/**
 * A redirect to a path of this host; with absolute-location its absolute URL, with
 * front-end-origin the front end's (another scheme and host), with redirect-bodies a small page. A request does not say its scheme, so the absolute
 * form assumes http: served with TLS, that variation would send the client elsewhere.
 */
function redirect(model: FlexiModel, req: SimRequest, status: number, path: string, headers: Record<string, string> = {}): SimResponse {
  const origin = model.varies('front-end-origin') ? FRONT_END : model.varies('absolute-location') ? `http://${req.headers.get('host') ?? 'localhost'}` : '';
  const location = `${origin}${req.basePath}${path}`;
  if (model.varies('redirect-bodies')) return html(status, `<a href="${location}">${location}</a>`, { location, ...headers });
  return { status, headers: { location, ...headers } };
}

/** What every answer carries with extra-cookies-and-headers. */
function decorate(model: FlexiModel, res: SimResponse): SimResponse {
  if (!model.varies('extra-cookies-and-headers')) return res;
  const cookie = `JSESSIONID=${'0'.repeat(8)}.node1; Path=/; Secure; HttpOnly; SameSite=Lax`;
  const challenge: Record<string, string> = res.status === 401 ? { 'www-authenticate': 'Basic realm="ABRA Flexi"' } : {};
  const own = res.headers?.['set-cookie'];
  const cookies = own === undefined ? [cookie] : [...(typeof own === 'string' ? [own] : own), cookie];
  return { ...res, headers: { ...res.headers, 'cache-control': 'no-cache, no-store', 'x-frame-options': 'SAMEORIGIN', ...challenge, 'set-cookie': cookies } };
}

function callerOf(req: SimRequest, model: FlexiModel): Caller | 'dead' | 'expired' {
  const id =
    req.headers.get(SESSION_HEADER) ??
    (model.has('cookie-session-id-ignored') ? undefined : req.cookies[SESSION_COOKIE]) ??
    (model.has('query-session-id-ignored') ? undefined : req.query.get(SESSION_QUERY)) ??
    undefined;
  return model.caller(id, basicCredentials(req));
}

/** Login required: 401; an expired session the redirect to remote-logout; a dead one the answer the target is configured to give. */
function unauthenticated(req: SimRequest, caller: 'dead' | 'expired' | undefined, format: Format, model: FlexiModel): SimResponse {
  if (caller === 'expired' && !model.has('expired-session-answers-401')) return redirect(model, req, 302, REMOTE_LOGOUT);
  if (caller === 'dead' && model.deadStyle === 'redirect') return redirect(model, req, 302, REMOTE_LOGOUT);
  return answer(model, 401, format, false, 'Přihlášení je vyžadováno.');
}

/** A handler that needs an authenticated caller, given the answer's format too. */
const authenticated =
  (
    handle: (
      model: FlexiModel,
      req: SimRequest,
      params: Readonly<Record<string, string | undefined>>,
      caller: NonNullable<Caller>,
      format: Format,
    ) => SimResponse,
  ) =>
  (model: FlexiModel, req: SimRequest, params: Readonly<Record<string, string | undefined>>): SimResponse => {
    const format = formatOf(req, params.format, model);
    const caller = callerOf(req, model);
    return caller === undefined || caller === 'dead' || caller === 'expired'
      ? unauthenticated(req, caller, format, model)
      : handle(model, req, params, caller, format);
  };

const TABLE: Route<FlexiModel>[] = [
  {
    method: 'POST',
    path: JSON_LOGIN,
    handle: (model, req) => {
      const form = new URLSearchParams(req.body);
      const made = model.login(form.get('username') ?? '', form.get('password') ?? '');
      if (!made) return json(model, 401, { success: false, errors: { reason: 'Neplatné jméno nebo heslo.', messageCode: 'invalidCredentials' } });
      if (!model.varies('auth-answer-extras')) return json(model, 200, { success: true, ...made });
      const handle = `gw-${opaqueId(`flexi:gateway:${made.authSessionId}`, 1, 16)}`;
      return json(model, 200, { success: true, ...made, userId: 7, sessionHandle: `sh-${handle}` }, { 'set-cookie': `gateway=${handle}; Path=/; HttpOnly` });
    },
  },
  {
    // The web interface's login form: a web session in a cookie, then the start page.
    method: 'POST',
    path: WEB_LOGIN,
    handle: (model, req) => {
      const form = new URLSearchParams(req.body);
      const id = model.webLogin(form.get('username') ?? '', form.get('password') ?? '');
      if (!id) return html(200, 'Neplatné jméno nebo heslo.');
      const cookie = { 'set-cookie': `${SESSION_COOKIE}=${id}; Path=/; HttpOnly` };
      return model.varies('web-login-answers-200') ? html(200, 'ABRA Flexi', cookie) : redirect(model, req, 303, '/c', cookie);
    },
  },
  {
    // A page of the web interface: opens with a live session cookie, else goes to the login form.
    method: 'GET',
    path: '/c/:company',
    handle: (model, req, params) => {
      const caller = req.cookies[SESSION_COOKIE] === undefined ? undefined : model.caller(req.cookies[SESSION_COOKIE], undefined);
      if (caller !== undefined && caller !== 'dead' && caller !== 'expired')
        return model.isCompany(params.company ?? '') ? html(200, params.company ?? '') : html(404, 'Firma neexistuje.');
      return model.varies('dead-web-session-401') ? html(401, 'Přihlášení je vyžadováno.') : redirect(model, req, 302, WEB_LOGIN);
    },
  },
  {
    method: 'POST',
    path: '/status/user/:login/logout{.:format}?',
    handle: authenticated((model, req, params, caller, format) => {
      const raw = params.login ?? '';
      const login = model.has('login-not-decoded') ? raw : decodeURIComponent(raw);
      const company = req.query.get('company') ?? undefined;
      const reply = model.logout(caller, login, {
        ...(company === undefined ? {} : { company }),
        ignoreNotFound: req.query.get('ignore-not-found') === 'true',
      });
      if (reply.status === 200 && format === 'html' && !model.has('html-call-answers-200')) {
        return redirect(model, req, 303, model.has('html-call-redirects-elsewhere') ? '/c' : '/status/user');
      }
      if (reply.status === 403 && format !== 'html' && model.has('refusal-without-envelope'))
        return format === 'json'
          ? json(model, 403, { error: reply.message })
          : { status: 403, headers: { 'content-type': 'application/xml' }, body: `<error>${reply.message}</error>` };
      // The documents leave the 200 and 404 bodies open: with logout-bodies-left-open there is none.
      if (format !== 'html' && reply.status !== 403 && model.varies('logout-bodies-left-open'))
        return { status: reply.status, headers: { 'content-type': format === 'json' ? 'application/json' : 'application/xml' }, body: '' };
      return answer(model, reply.status, format, reply.status === 200, reply.message);
    }),
  },
  {
    // A call in a company: the probe of a session, and what reads the cached permissions.
    method: 'GET',
    path: '/c/:company/adresar{.:format}?',
    handle: authenticated((model, _req, params, caller, format) => {
      const company = params.company ?? '';
      if (!model.isCompany(company)) return answer(model, 404, format, false, `Firma ${company} neexistuje.`);
      if (!model.canRead(caller.user, company)) return answer(model, 403, format, false, 'Nemáte oprávnění číst adresář.');
      if (format !== 'json') return answer(model, 200, format, true, 'adresar');
      return json(model, 200, { winstrom: { '@version': '1.0', adresar: [{ id: '1', kod: 'FIRMA' }] } });
    }),
  },
];

/** Every answer as the deployment decorates it (extra cookies and headers, when it does). */
export const routes = new RouteTable<FlexiModel>(
  TABLE.map((route) => ({ ...route, handle: async (model, req, params) => decorate(model, await route.handle(model, req, params)) })),
);
