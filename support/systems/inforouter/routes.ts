import type { Route, SimRequest, SimResponse } from '../../simulation/route-table.ts';
import type { Binding, InfoRouterModel, TicketInfo } from './model.ts';
import { build, node, parseXml, soapEnvelope } from './xml.ts';

export const TICKET_COOKIE = 'ticket';
const INVALID = '[901] Session expired or Invalid ticket';
const AUTH_FAILED = '[900] Authentication failed';

type Outcome = { readonly success: true; readonly attrs?: Record<string, string | number> } | { readonly success: false; readonly error: string };

const xml = (body: string): SimResponse => ({ status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body });

/** The answer's root element: <root …/>, or <response …/> on an older server. */
const root = (model: InfoRouterModel, outcome: Outcome) =>
  node(model.oldRoot ? 'response' : 'root', outcome.success ? { success: 'true', ...outcome.attrs } : { success: 'false', error: outcome.error });

const ticketAttrs = (info: TicketInfo) => ({ userid: info.userId, username: info.user, expireOn: new Date(info.expiresAt).toISOString(), isAuthenticated: 'True' });

/** The arguments of an operation, however it was called: query (GET), form (POST) or SOAP body. */
function args(req: SimRequest, binding: Binding, operation: string): Record<string, string> | undefined {
  if (binding === 'GET') return Object.fromEntries(req.query);
  if (binding === 'form POST') return Object.fromEntries(new URLSearchParams(req.body));
  const envelope = parseXml(req.body) as { Envelope?: { Body?: Record<string, unknown> } } | undefined;
  const call = envelope?.Envelope?.Body?.[operation];
  if (call === undefined) return undefined;
  return Object.fromEntries(Object.entries(typeof call === 'object' && call ? call : {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

const OPERATIONS: Record<string, (model: InfoRouterModel, a: Record<string, string>, req: SimRequest, binding: Binding) => Outcome> = {
  AuthenticateUser: (model, a) => {
    const made = model.authenticate(a.UID ?? '', a.PWD ?? '');
    return made ? { success: true, attrs: { ticket: made.ticket, ...ticketAttrs(made.info) } } : { success: false, error: AUTH_FAILED };
  },
  // Passive: reads the ticket, never extends it.
  isValidTicket: (model, a, req) => {
    const info = model.isValid(a.AuthenticationTicket || req.cookies[TICKET_COOKIE]);
    return info ? { success: true, attrs: ticketAttrs(info) } : { success: false, error: INVALID };
  },
  LogOut: (model, a, req, binding) => {
    const cookie = model.has('no-cookie-fallback') ? undefined : req.cookies[TICKET_COOKIE];
    return model.logOut(binding, a.AuthenticationTicket || cookie) ? { success: true } : { success: false, error: INVALID };
  },
};

function answer(model: InfoRouterModel, req: SimRequest, binding: Binding, operation: string): SimResponse {
  const handle = OPERATIONS[operation];
  const given = args(req, binding, operation);
  if (!handle) return { status: 404, body: `no operation ${operation}` };
  if (!given) return soapFault('soap:Client', `the SOAP body holds no ${operation} element`);
  const outcome = handle(model, given, req, binding);
  if (binding !== 'SOAP') return xml(build(root(model, outcome)));
  return xml(soapEnvelope(`${operation}Response`, { [`${operation}Result`]: root(model, outcome) }));
}

const soapFault = (code: string, text: string): SimResponse => ({
  status: 500,
  headers: { 'content-type': 'text/xml; charset=utf-8' },
  body: `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring></soap:Fault></soap:Body></soap:Envelope>`,
});

export function routes(model: InfoRouterModel): Route[] {
  return [
    { method: 'GET', path: '/srv.asmx/:operation', handle: (req, p) => answer(model, req, 'GET', p.operation ?? '') },
    { method: 'POST', path: '/srv.asmx/:operation', handle: (req, p) => answer(model, req, 'form POST', p.operation ?? '') },
    {
      method: 'POST',
      path: '/srv.asmx',
      handle: (req) => {
        const action = /^"?http:\/\/tempuri\.org\/(\w+)"?$/.exec(req.headers.get('soapaction') ?? '')?.[1];
        return action ? answer(model, req, 'SOAP', action) : soapFault('soap:Client', 'no SOAPAction header naming an operation');
      },
    },
  ];
}
