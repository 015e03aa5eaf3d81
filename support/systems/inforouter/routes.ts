import { opaqueId } from '../../simulation/ids.ts';
import { RouteTable, type SimRequest, type SimResponse } from '../../simulation/route-table.ts';
import type { Variation } from '../system.ts';
import type { InfoRouterModel, LogOutResult, TicketInfo } from './model.ts';
import { AUTHENTICATION_FAILED, INVALID_TICKET, TICKET_COOKIE, type Binding } from './vocabulary.ts';
import { build, node, parseXml, soapEnvelope } from './xml.ts';

const INVALID = `[${INVALID_TICKET}] Session expired or Invalid ticket`;
const AUTH_FAILED = `[${AUTHENTICATION_FAILED}] Authentication failed`;
// What an ASP.NET service says when an unhandled exception is turned into an error attribute.
const INTERNAL = '[0] Object reference not set to an instance of an object.';

/**
 * What a real deployment may answer differently within the documents: the wrapper
 * around the root is an assumption (ASMX returns string results escaped), the
 * wording after [901] is not part of the code, and whitespace, declarations and
 * extra attributes are any XML writer's choice.
 */
export const variations = {
  'soap-result-as-string': { description: 'a SOAP <…Result> holds the root as escaped text, as ASMX does for string results' },
  'soap-root-in-body': {
    description: 'the SOAP Body holds the root element itself, without the <…Response>/<…Result> wrapper (wins over soap-result-as-string)',
  },
  'http-result-as-string': {
    description: 'GET and form POST answer <string xmlns="http://tempuri.org/"> holding the root as escaped text (ASMX\'s HTTP bindings for a string result)',
  },
  'old-root': { description: 'an infoRouter 7.5 server: a <response …/> root instead of <root …/>' },
  'other-901-wording': { description: 'the [901] error carries other words after the code' },
  'extra-root-attributes': { description: 'roots carry attributes the documents do not list' },
  'pretty-printed': { description: 'answers start with a byte order mark and an XML declaration, and are indented with CRLF line breaks' },
  'authenticate-sets-ticket-cookie': { description: 'AuthenticateUser also sets the ticket cookie' },
  'auth-answer-extras': {
    description: "AuthenticateUser's root carries a session key no document names (a secret the harness was never told about)",
  },
} as const satisfies Record<string, Variation>;

export type InfoRouterVariation = keyof typeof variations;
type Varied = ReadonlySet<string> & { has(name: InfoRouterVariation): boolean };

/** What an operation answers, before the binding shapes it. */
type Reply = { readonly success: true; readonly attrs?: Record<string, string | number> } | { readonly success: false; readonly error: string };

const ticketAttrs = (info: TicketInfo) => ({
  userid: info.userId,
  username: info.user,
  expireOn: new Date(info.expiresAt).toISOString(),
  isAuthenticated: 'True',
});

/** The arguments of an operation, however it was called: query (GET), form (POST) or SOAP body. */
function args(req: SimRequest, binding: Binding, operation: string): Record<string, string> | undefined {
  if (binding === 'GET') return Object.fromEntries(req.query);
  if (binding === 'form POST') return Object.fromEntries(new URLSearchParams(req.body));
  const envelope = parseXml(req.body) as { Envelope?: { Body?: Record<string, unknown> } } | undefined;
  const call = envelope?.Envelope?.Body?.[operation];
  if (call === undefined) return undefined;
  const fields = typeof call === 'object' && call ? Object.entries(call).filter(([k, v]) => !k.startsWith('@') && typeof v === 'string') : [];
  return Object.fromEntries(fields) as Record<string, string>;
}

const loggedOut = (result: LogOutResult, varied: Varied): Reply => {
  if (result.ended) return { success: true };
  if (result.error === 'internal') return { success: false, error: INTERNAL };
  return { success: false, error: varied.has('other-901-wording') ? '[901] Your session has expired or the ticket you supplied is not valid.' : INVALID };
};

const OPERATIONS: Record<string, (model: InfoRouterModel, a: Record<string, string>, req: SimRequest, binding: Binding, varied: Varied) => Reply> = {
  AuthenticateUser: (model, a, _req, binding, varied) => {
    const made = model.authenticate(a.UID ?? '', a.PWD ?? '', binding);
    if (!made) return { success: false, error: model.has('wrong-password-other-error') ? INTERNAL : AUTH_FAILED };
    const extra: Record<string, string> = varied.has('auth-answer-extras')
      ? { SessionKey: `sk-${opaqueId(`inforouter:session-key:${made.ticket}`, 1, 16)}` }
      : {};
    return { success: true, attrs: { ticket: made.ticket, ...ticketAttrs(made.info), ...extra } };
  },
  // Passive: reads the ticket, never extends it.
  isValidTicket: (model, a, req) => {
    const info = model.isValid(a.AuthenticationTicket || (model.has('probe-ignores-cookie') ? undefined : req.cookies[TICKET_COOKIE]));
    return info ? { success: true, attrs: ticketAttrs(info) } : { success: false, error: INVALID };
  },
  LogOut: (model, a, req, binding, varied) => {
    const cookie = model.has('no-cookie-fallback') ? undefined : req.cookies[TICKET_COOKIE];
    return loggedOut(model.logOut(binding, a.AuthenticationTicket || cookie), varied);
  },
};

/** The answer's root element as data: <root …/>, or <response …/> on an older server. */
function root(outcome: Reply, varied: Varied): Record<string, unknown> {
  const extra = varied.has('extra-root-attributes') ? { server: 'infoRouter', elapsed: 3 } : {};
  const attrs = outcome.success ? { success: 'true', ...outcome.attrs, ...extra } : { success: 'false', error: outcome.error, ...extra };
  return node(varied.has('old-root') ? 'response' : 'root', attrs);
}

/** The answer's body, shaped as the binding and the variations say. */
function body(operation: string, binding: Binding, outcome: Reply, varied: Varied): string {
  const pretty = varied.has('pretty-printed');
  const element = root(outcome, varied);
  if (binding !== 'SOAP') {
    if (!varied.has('http-result-as-string')) return build(element, { pretty });
    return build({ string: { '@xmlns': 'http://tempuri.org/', '#text': build(element) } }, { pretty });
  }
  if (varied.has('soap-root-in-body')) return soapEnvelope(undefined, element, { pretty });
  const result = varied.has('soap-result-as-string') ? build(element) : element;
  return soapEnvelope(`${operation}Response`, { [`${operation}Result`]: result }, { pretty });
}

function answer(model: InfoRouterModel, varied: Varied, req: SimRequest, binding: Binding, operation: string): SimResponse {
  const handle = OPERATIONS[operation];
  const given = args(req, binding, operation);
  if (!handle) return { status: 404, body: `no operation ${operation}` };
  if (!given) return soapFault('soap:Client', `the SOAP body holds no ${operation} element`);
  const outcome = handle(model, given, req, binding, varied);
  const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8' };
  if (operation === 'AuthenticateUser' && outcome.success && varied.has('authenticate-sets-ticket-cookie'))
    headers['set-cookie'] = `${TICKET_COOKIE}=${String(outcome.attrs?.ticket)}; path=/; HttpOnly`;
  return { status: 200, headers, body: body(operation, binding, outcome, varied) };
}

const soapFault = (code: string, text: string): SimResponse => ({
  status: 500,
  headers: { 'content-type': 'text/xml; charset=utf-8' },
  body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
});

const variedOf = (model: InfoRouterModel): Varied => model.variations as Varied;

export const routes = new RouteTable<InfoRouterModel>([
  { method: 'GET', path: '/srv.asmx/:operation', handle: (model, req, p) => answer(model, variedOf(model), req, 'GET', p.operation ?? '') },
  { method: 'POST', path: '/srv.asmx/:operation', handle: (model, req, p) => answer(model, variedOf(model), req, 'form POST', p.operation ?? '') },
  {
    method: 'POST',
    path: '/srv.asmx',
    handle: (model, req) => {
      const action = /^"?http:\/\/tempuri\.org\/(\w+)"?$/.exec(req.headers.get('soapaction') ?? '')?.[1];
      return action ? answer(model, variedOf(model), req, 'SOAP', action) : soapFault('soap:Client', 'no SOAPAction header naming an operation');
    },
  },
]);
