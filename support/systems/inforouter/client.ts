import { CookieJar } from '../../http/cookie-jar.ts';
import { TargetError } from '../../http/errors.ts';
import type { HttpAnswer, HttpClient, HttpRequest } from '../../http/client.ts';
import { redactor } from '../../http/redact.ts';
import type { ScenarioServices, TargetConfig } from '../system.ts';
import type { Binding } from './model.ts';
import { parseXml, soapEnvelope } from './xml.ts';

export type { Binding } from './model.ts';

export interface InfoRouterTarget extends TargetConfig {
  /** A user dedicated to conformance runs (UID). */
  readonly username: string;
  /** Its password (PWD). */
  readonly password: string;
}

/** One outcome for every binding: success, or the error code and text. */
export type Outcome = { readonly success: true; readonly status: number } | { readonly success: false; readonly status: number; readonly code: string; readonly text: string };

/** Where the ticket travels: the AuthenticationTicket parameter, the `ticket` cookie, or both. */
export interface Carriers {
  readonly parameter?: string;
  readonly cookie?: string;
}

export class InfoRouterTicket {
  readonly value: string;
  ended = false;
  constructor(value: string) {
    this.value = value;
  }
}

const TICKET_COOKIE = 'ticket';

/** infoRouter's srv.asmx: AuthenticateUser, the passive isValidTicket, and LogOut over GET, form POST and SOAP 1.1. */
export class InfoRouterClient {
  readonly #http: HttpClient;
  readonly #target: InfoRouterTarget;
  readonly #services: ScenarioServices;
  readonly #issued = new Map<string, InfoRouterTicket>();

  constructor(services: ScenarioServices, target: InfoRouterTarget) {
    this.#http = services.http;
    this.#target = target;
    this.#services = services;
    redactor.register(target.password);
  }

  /** A new ticket for the test user; its LogOut is registered at once ([901] then is no error: the ticket was already gone). */
  async authenticate(): Promise<InfoRouterTicket> {
    const answer = await this.#http.send({ method: 'GET', path: '/srv.asmx/AuthenticateUser', query: { UID: this.#target.username, PWD: this.#target.password } });
    const attrs = this.#root(answer, 'GET', 'AuthenticateUser');
    const value = attrs.ticket;
    if (attrs.success !== 'true' || !value) {
      throw new TargetError('inforouter', `GET ${this.#http.url('/srv.asmx/AuthenticateUser')}`, `no ticket: ${attrs.error ?? 'success is not true'}; check the credentials in the targets file`);
    }
    redactor.register(value);
    const ticket = new InfoRouterTicket(value);
    this.#issued.set(value, ticket);
    this.#services.cleanups.defer('log out an infoRouter ticket', async () => {
      if (!ticket.ended) await this.logOut('GET', { parameter: value });
    });
    return ticket;
  }

  /** LogOut through one binding, the ticket carried as given (or not at all). */
  async logOut(binding: Binding, carriers: Carriers = {}): Promise<Outcome> {
    const jar = new CookieJar();
    if (carriers.cookie !== undefined) jar.set(TICKET_COOKIE, carriers.cookie);
    const outcome = this.#outcome(await this.#http.send({ ...this.#logOutRequest(binding, carriers.parameter), jar }), binding, 'LogOut');
    const given = carriers.parameter ?? carriers.cookie;
    if (outcome.success && given) this.#end(given);
    return outcome;
  }

  /** The passive check: does not extend the ticket. */
  async isValid(ticket: string): Promise<Outcome> {
    const answer = await this.#http.send({ method: 'GET', path: '/srv.asmx/isValidTicket', query: { AuthenticationTicket: ticket } });
    return this.#outcome(answer, 'GET', 'isValidTicket');
  }

  #end(value: string): void {
    const ticket = this.#issued.get(value);
    if (ticket) ticket.ended = true;
  }

  #logOutRequest(binding: Binding, ticket: string | undefined): HttpRequest {
    if (binding === 'GET') return { method: 'GET', path: '/srv.asmx/LogOut', query: { AuthenticationTicket: ticket } };
    if (binding === 'form POST') {
      const body = ticket === undefined ? '' : new URLSearchParams({ AuthenticationTicket: ticket }).toString();
      return { method: 'POST', path: '/srv.asmx/LogOut', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
    }
    return {
      method: 'POST',
      path: '/srv.asmx',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"http://tempuri.org/LogOut"' },
      body: soapEnvelope('LogOut', ticket === undefined ? {} : { AuthenticationTicket: ticket }),
    };
  }

  #outcome(answer: HttpAnswer, binding: Binding, operation: string): Outcome {
    const attrs = this.#root(answer, binding, operation);
    if (attrs.success === 'true') return { success: true, status: answer.status };
    const error = attrs.error ?? '';
    return { success: false, status: answer.status, code: /^\[(\d+)\]/.exec(error)?.[1] ?? '', text: error };
  }

  /** The attributes of the answer's <root/> (or older <response/>), however the binding wraps it. */
  #root(answer: HttpAnswer, binding: Binding, operation: string): Record<string, string | undefined> {
    const where = `${binding} ${operation} ${answer.url}`;
    const doc = parseXml(answer.body);
    if (!doc) throw new TargetError('inforouter', where, `answered ${answer.status} with a body that is not XML: ${answer.body.slice(0, 80)}`);
    let holder: Record<string, unknown> | undefined = doc;
    if (binding === 'SOAP') {
      const body = (doc.Envelope as { Body?: Record<string, unknown> } | undefined)?.Body;
      const fault = body?.Fault as { faultstring?: unknown } | undefined;
      if (fault) throw new TargetError('inforouter', where, `SOAP Fault: ${String(fault.faultstring ?? 'no faultstring')}`);
      holder = (body?.[`${operation}Response`] as Record<string, unknown> | undefined)?.[`${operation}Result`] as Record<string, unknown> | undefined;
      if (!holder) throw new TargetError('inforouter', where, `the SOAP answer holds no ${operation}Response/${operation}Result`);
    }
    const root = (holder.root ?? holder.response) as Record<string, string> | undefined;
    if (!root || typeof root !== 'object') throw new TargetError('inforouter', where, `unexpected answer: no <root> or <response> element (${Object.keys(holder).join(', ') || 'empty'})`);
    return root;
  }
}
