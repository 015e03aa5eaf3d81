import { opaqueId } from '../../simulation/ids.ts';
import { RouteTable, type SimRequest, type SimResponse } from '../../simulation/route-table.ts';
import type { AcumaticaModel, Reply, RequestKind } from './model.ts';
import { AUTH_COOKIE, SESSION_COOKIE, SIGN_IN, SIGN_OUT } from './vocabulary.ts';

const json = (status: number, body: unknown, headers: Record<string, string | string[]> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** The vendor's error body: message, exceptionMessage, exceptionType, stackTrace (an assumption). */
const toResponse = (reply: Reply, headers: Record<string, string | string[]> = {}): SimResponse => {
  if ('error' in reply) {
    return json(
      reply.status,
      { message: reply.error, exceptionMessage: reply.error, exceptionType: 'PX.Api.ContractBased.SimulatedException', stackTrace: null },
      headers,
    );
  }
  if ('records' in reply) return json(reply.status, reply.records, headers);
  return { status: reply.status, headers };
};

const unauthorizedPage: SimResponse = {
  status: 401,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<!DOCTYPE html><html><head><title>401 - Unauthorized</title></head><body><h1>You are not logged in.</h1></body></html>',
};

const sessionOf = (req: SimRequest) => ({ id: req.cookies[SESSION_COOKIE], auth: req.cookies[AUTH_COOKIE] });

/** Cookies as the instance sets them at sign-in, and expires them at sign-out. */
const sessionCookies = (session: { id: string; auth: string }, path: string, extra: boolean): string[] => [
  `${SESSION_COOKIE}=${session.id}; path=${path}; HttpOnly; SameSite=Lax`,
  `${AUTH_COOKIE}=${session.auth}; path=${path}; HttpOnly`,
  `UserBranch=16; path=${path}`,
  `Locale=TimeZone=GMTE1000U&Culture=en-AU; path=${path}`,
  ...(extra ? [`CompanyID=Company; path=${path}`, `requestid=${session.id.slice(0, 8)}; path=${path}; HttpOnly`] : []),
];
const expiredCookies = [SESSION_COOKIE, AUTH_COOKIE].map((n) => `${n}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`);

function credentials(req: SimRequest): { name: string; password: string } | undefined {
  const type = req.headers.get('content-type') ?? '';
  try {
    const fields: Record<string, unknown> = type.includes('application/x-www-form-urlencoded')
      ? Object.fromEntries(new URLSearchParams(req.body))
      : JSON.parse(req.body);
    return typeof fields.name === 'string' && typeof fields.password === 'string' ? { name: fields.name, password: fields.password } : undefined;
  } catch {
    return undefined;
  }
}

/** Headers a real instance adds that no document mentions (the `extra-headers` variation). */
const EXTRA_HEADERS = { 'cache-control': 'no-cache, no-store', 'x-frame-options': 'SAMEORIGIN', 'x-request-id': 'sim-request' };

/** Every request is admitted by the licence first; then the operation answers. */
const admitted =
  (kind: RequestKind, handle: (model: AcumaticaModel, req: SimRequest) => SimResponse) =>
  (model: AcumaticaModel, req: SimRequest): SimResponse => {
    const refused = model.admit(kind);
    const res = refused ? toResponse(refused) : handle(model, req);
    return model.varies('extra-headers') ? { ...res, headers: { ...EXTRA_HEADERS, ...res.headers } } : res;
  };

export const routes = new RouteTable<AcumaticaModel>([
  {
    method: 'POST',
    path: SIGN_IN,
    handle: admitted('sign-in', (model, req) => {
      const form = (req.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded');
      const given = form && model.has('form-sign-in-refused') ? undefined : credentials(req);
      if (!given) return toResponse({ status: 400, error: 'The request body must hold name and password.' });
      const reply = model.signIn(given.name, given.password);
      const path = model.varies('extra-cookies') && req.basePath ? req.basePath : '/';
      if (!('session' in reply && reply.session)) return toResponse(reply);
      const cookies = sessionCookies(reply.session, path, model.varies('extra-cookies'));
      if (!model.varies('auth-answer-extras')) return toResponse(reply, { 'set-cookie': cookies });
      const handle = `gw-${opaqueId(`acumatica:gateway:${reply.session.id}`, 1, 16)}`;
      return toResponse(reply, { 'set-cookie': [...cookies, `GatewaySession=${handle}; path=${path}; HttpOnly`], 'x-session-handle': `sh-${handle}` });
    }),
  },
  {
    method: 'POST',
    path: SIGN_OUT,
    handle: admitted('sign-out', (model, req) => {
      if (model.has('instance-path-unsupported') && req.basePath !== '') return { status: 404, body: 'Not Found' };
      const bare = !req.headers.has('accept') || !req.headers.has('content-type');
      if (model.has('headers-demanded') && bare) return toResponse({ status: 400, error: 'Accept and Content-Type headers are required.' });
      const reply = model.signOut(sessionOf(req));
      const expire = reply.status < 300 && !model.varies('sign-out-keeps-cookies');
      return toResponse(reply, expire ? { 'set-cookie': expiredCookies } : {});
    }),
  },
  {
    method: 'GET',
    path: '/entity/:endpoint/:version/:entity',
    handle: admitted('entity', (model, req) => {
      const reply = model.readCustomers(sessionOf(req));
      return reply.status === 401 && model.varies('unauthorized-html') ? unauthorizedPage : toResponse(reply);
    }),
  },
]);
