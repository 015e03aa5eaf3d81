import type { Route, SimRequest, SimResponse } from '../../simulation/route-table.ts';
import type { Caller, FlexiModel } from './model.ts';

export const SESSION_HEADER = 'x-authsessionid';
export const SESSION_COOKIE = 'authSessionId';
export const REMOTE_LOGOUT = '/login-logout/remote-logout';

type Format = 'json' | 'xml' | 'html';

/** The answer's format: the URL suffix wins over Accept; with neither, HTML. */
function formatOf(req: SimRequest, suffix: string | undefined, model: FlexiModel): Format {
  const accept = req.headers.get('accept') ?? '';
  const byAccept: Format | undefined = /application\/json/.test(accept) ? 'json' : /(application|text)\/xml/.test(accept) ? 'xml' : undefined;
  const bySuffix = suffix === 'json' || suffix === 'xml' ? suffix : undefined;
  return (model.has('accept-beats-suffix') ? byAccept ?? bySuffix : bySuffix ?? byAccept) ?? 'html';
}

/** The winstrom envelope, booleans as strings, in the format asked for. */
function winstrom(status: number, format: Exclude<Format, 'html'>, success: boolean, message?: string): SimResponse {
  if (format === 'json') {
    const body = { winstrom: { '@version': '1.0', success: String(success), ...(message ? { message } : {}) } };
    return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
  }
  const escaped = (message ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return { status, headers: { 'content-type': 'application/xml; charset=utf-8' }, body: `<?xml version="1.0" encoding="utf-8"?><winstrom version="1.0"><success>${success}</success>${message ? `<message>${escaped}</message>` : ''}</winstrom>` };
}

function answer(status: number, format: Format, success: boolean, message: string): SimResponse {
  if (format !== 'html') return winstrom(status, format, success, message);
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<html><body><p>${message}</p></body></html>` };
}

function callerOf(req: SimRequest, model: FlexiModel): Caller | 'dead' {
  const id = req.headers.get(SESSION_HEADER) ?? (model.has('cookie-session-id-ignored') ? undefined : req.cookies[SESSION_COOKIE]) ?? req.query.get('authSessionId') ?? undefined;
  const [scheme, encoded] = (req.headers.get('authorization') ?? '').split(' ');
  let basic: { user: string; password: string } | undefined;
  if (scheme?.toLowerCase() === 'basic' && encoded) {
    const [user = '', ...rest] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
    basic = { user, password: rest.join(':') };
  }
  return model.caller(id, basic);
}

/** Login required: 401, or for a dead session the redirect the target is configured to give. */
function unauthenticated(caller: 'dead' | undefined, format: Format, model: FlexiModel): SimResponse {
  if (caller === 'dead' && model.deadStyle === 'redirect') return { status: 302, headers: { location: REMOTE_LOGOUT } };
  return answer(401, format, false, 'Přihlášení je vyžadováno.');
}

/** A handler that needs an authenticated caller, given the answer's format too. */
const authenticated = (model: FlexiModel, handle: (req: SimRequest, params: Readonly<Record<string, string | undefined>>, caller: NonNullable<Caller>, format: Format) => SimResponse) =>
  (req: SimRequest, params: Readonly<Record<string, string | undefined>>): SimResponse => {
    const format = formatOf(req, params.format, model);
    const caller = callerOf(req, model);
    return caller === undefined || caller === 'dead' ? unauthenticated(caller, format, model) : handle(req, params, caller, format);
  };

export function routes(model: FlexiModel): Route[] {
  return [
    {
      method: 'POST',
      path: '/login-logout/login.json',
      handle: (req) => {
        const form = new URLSearchParams(req.body);
        const made = model.login(form.get('username') ?? '', form.get('password') ?? '');
        if (!made) return { status: 401, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ success: false, errors: { reason: 'Neplatné jméno nebo heslo.', messageCode: 'invalidCredentials' } }) };
        return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ success: true, ...made }) };
      },
    },
    {
      method: 'POST',
      path: '/status/user/:login/logout{.:format}?',
      handle: authenticated(model, (req, params, caller, format) => {
        const raw = params.login ?? '';
        const login = model.has('login-not-decoded') ? raw : decodeURIComponent(raw);
        const company = req.query.get('company') ?? undefined;
        const reply = model.logout(caller, login, { ...(company === undefined ? {} : { company }), ignoreNotFound: req.query.get('ignore-not-found') === 'true' });
        if (reply.status === 200 && format === 'html' && !model.has('html-call-answers-200')) return { status: 303, headers: { location: '/status/user' } };
        return answer(reply.status, format, reply.status === 200, reply.message);
      }),
    },
    {
      // A call in a company: the probe of a session, and what reads the cached permissions.
      method: 'GET',
      path: '/c/:company/adresar{.:format}?',
      handle: authenticated(model, (_req, params, caller, format) => {
        const company = params.company ?? '';
        if (!model.isCompany(company)) return answer(404, format, false, `Firma ${company} neexistuje.`);
        if (!model.canRead(caller.user, company)) return answer(403, format, false, 'Nemáte oprávnění číst adresář.');
        if (format !== 'json') return answer(200, format, true, 'adresar');
        return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ winstrom: { '@version': '1.0', adresar: [{ id: '1', kod: 'FIRMA' }] } }) };
      }),
    },
  ];
}
