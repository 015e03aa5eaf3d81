import { CookieJar } from '../../http/cookie-jar.ts';
import { TargetError } from '../../http/errors.ts';
import type { HttpAnswer, HttpClient, HttpRequest } from '../../http/client.ts';
import { redactor } from '../../http/redact/index.ts';
import { judged, requireTheSystems, UndocumentedAnswer, type Control } from '../../verdicts.ts';
import { accountOf, NO_SUCH_ACCOUNT, type Account } from '../accounts.ts';
import type { ScenarioServices } from '../system.ts';
import { testUsers, type InfoRouterTarget } from './target.ts';
import { parseXml, soapEnvelope } from './xml.ts';
import { AUTHENTICATION_FAILED, HARMLESS_AUTH_FIELDS, INVALID_TICKET, TICKET_COOKIE, type Binding } from './vocabulary.ts';

/** One outcome for every binding: success, or the error code and text. */
export type Outcome =
  { readonly success: true; readonly status: number } | { readonly success: false; readonly status: number; readonly code: string; readonly text: string };

/** Where the ticket travels: the AuthenticationTicket parameter, the `ticket` cookie, or both. */
export interface Carriers {
  readonly parameter?: string;
  readonly cookie?: string;
}

export class InfoRouterTicket {
  readonly value: string;
  /** Shown gone (an answer of [901]) or ended by a successful LogOut: clean-up need not log it out. */
  ended = false;
  constructor(value: string) {
    this.value = value;
  }
}

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
    for (const { password } of testUsers(target)) redactor.register(password);
  }

  /** The test user this scenario was given, from the pool of `username` and `moreUsers`. */
  get user(): Account {
    return accountOf(testUsers(this.#target), this.#services.units('user'), 0, 'infoRouter test user');
  }

  /** A new ticket for the scenario's test user, through a binding (GET unless told); its LogOut is registered at once. */
  async authenticate(binding: Binding = 'GET'): Promise<InfoRouterTicket> {
    const issued = await this.tryAuthenticate(binding);
    if (!issued.ticket) {
      throw new TargetError(
        'inforouter',
        `${binding} ${this.#http.url('/srv.asmx/AuthenticateUser')}`,
        `no ticket: ${issued.outcome.success ? 'success is true, but no ticket attribute' : issued.outcome.text}; check the credentials in the targets file`,
      );
    }
    return issued.ticket;
  }

  /**
   * AuthenticateUser through one binding, as the scenario's test user, or (`wrongPassword`
   * in place of the user's, to be refused) as the user given, else the entry's own:
   * the outcome, and the ticket when one was issued (its LogOut registered at once).
   */
  async tryAuthenticate(binding: Binding, wrongPassword?: string): Promise<{ outcome: Outcome; ticket?: InfoRouterTicket }> {
    // A refusal needs no user of its own: a scenario that takes none names the entry's.
    const { username, password: own } = wrongPassword === undefined || this.#services.units('user').length > 0 ? this.user : this.#target;
    const password = wrongPassword ?? own;
    redactor.register(password);
    const request = {
      ...this.#request('AuthenticateUser', binding, { UID: username, PWD: password }),
      authentication: HARMLESS_AUTH_FIELDS,
      // A ticket issued after the timeout is logged out before the run ends.
      onLateAnswer: (late: HttpAnswer) => {
        const issued = this.#root(late, binding, 'AuthenticateUser').ticket;
        if (issued) this.#logOutAtTheEnd(issued, 'log out an infoRouter ticket issued after its timeout');
      },
    };
    const { value, outcome } = await judged(this.#services.endpoints, `${binding} AuthenticateUser`, this.#control('AuthenticateUser', binding), async () => {
      const answer = await this.#http.send(request);
      return { value: this.#root(answer, binding, 'AuthenticateUser').ticket, outcome: this.#outcome(answer, binding, 'AuthenticateUser') };
    });
    if (!outcome.success || !value) return { outcome };
    return { outcome, ticket: this.#logOutAtTheEnd(value, 'log out an infoRouter ticket') };
  }

  /** A ticket the harness holds, and its LogOut registered at once. */
  #logOutAtTheEnd(value: string, label: string): InfoRouterTicket {
    redactor.register(value);
    const ticket = new InfoRouterTicket(value);
    this.#issued.set(value, ticket);
    this.#services.cleanups.defer(label, async () => {
      if (ticket.ended) return;
      const outcome = await this.logOut('GET', { parameter: value });
      // [901] says the ticket was already gone, which the document calls no failure in clean-up.
      if (!outcome.success && outcome.code !== INVALID_TICKET) {
        throw new TargetError(
          'inforouter',
          `GET ${this.#http.url('/srv.asmx/LogOut')}`,
          `the ticket may still be open: LogOut answered success="false" error="${outcome.text}"`,
        );
      }
    });
    return ticket;
  }

  /** LogOut through one binding, the ticket carried as given (or not at all). */
  async logOut(binding: Binding, carriers: Carriers = {}): Promise<Outcome> {
    const jar = new CookieJar();
    if (carriers.cookie !== undefined) jar.set(TICKET_COOKIE, carriers.cookie);
    const args: Record<string, string> = carriers.parameter === undefined ? {} : { AuthenticationTicket: carriers.parameter };
    const request = { ...this.#request('LogOut', binding, args), jar };
    const outcome = await judged(this.#services.endpoints, `${binding} LogOut`, this.#control('LogOut', binding), async () =>
      this.#outcome(await this.#http.send(request), binding, 'LogOut'),
    );
    // The parameter, when given, is the AuthenticationTicket; the cookie is read only without it.
    const given = carriers.parameter ?? carriers.cookie;
    // A [901] shows the ticket gone only when it was named: a cookie the server did not read would look the same.
    const gone = outcome.success || (outcome.code === INVALID_TICKET && carriers.parameter !== undefined);
    if (given !== undefined && gone) this.#mark(given, true);
    return outcome;
  }

  /** The passive check: does not extend the ticket. The ticket goes as the parameter, or (`cookie`) in the ticket cookie only. */
  async isValid(ticket: string, { cookie = false }: { cookie?: boolean } = {}): Promise<Outcome> {
    const jar = new CookieJar();
    if (cookie) jar.set(TICKET_COOKIE, ticket);
    const request = { method: 'GET' as const, path: '/srv.asmx/isValidTicket', query: cookie ? {} : { AuthenticationTicket: ticket }, jar };
    const outcome = await judged(this.#services.endpoints, 'GET isValidTicket', this.#control('isValidTicket', 'GET'), async () =>
      this.#outcome(await this.#http.send(request), 'GET', 'isValidTicket'),
    );
    if (outcome.success) this.#mark(ticket, false);
    else if (outcome.code === INVALID_TICKET) this.#mark(ticket, true);
    return outcome;
  }

  /**
   * The control of an operation (verdicts.ts judged), a request the document answers
   * with its error code: AuthenticateUser of a user no server has ([900]); LogOut and
   * isValidTicket of a ticket no server issued ([901]). Sent through the same binding;
   * where that binding does not answer it as documented, through GET: the bindings
   * are one service (srv.asmx), so a server answering GET as documented shows that
   * a binding answering in its own protocol (a SOAP Fault envelope) is the system's.
   */
  #control(operation: 'AuthenticateUser' | 'LogOut' | 'isValidTicket', binding: Binding): Control {
    const [args, code] =
      operation === 'AuthenticateUser'
        ? [{ UID: NO_SUCH_ACCOUNT.username, PWD: NO_SUCH_ACCOUNT.password }, AUTHENTICATION_FAILED]
        : [{ AuthenticationTicket: NEVER_ISSUED }, INVALID_TICKET];
    const input = operation === 'AuthenticateUser' ? 'of a user that does not exist' : 'of a ticket never issued';
    const answers = async (through: Binding): Promise<boolean> => {
      try {
        const outcome = this.#outcome(await this.#http.send(this.#request(operation, through, args)), through, operation);
        return !outcome.success && outcome.code === code;
      } catch {
        return false;
      }
    };
    return {
      what: `${binding} ${operation} ${input}${binding === 'GET' ? '' : ' (else through GET)'}, documented [${code}]`,
      run: async () => {
        if (!(await answers(binding)) && (binding === 'GET' || !(await answers('GET')))) throw new Error(`not [${code}]`);
      },
    };
  }

  #mark(value: string, ended: boolean): void {
    const ticket = this.#issued.get(value);
    if (ticket) ticket.ended = ended;
  }

  /** One operation of srv.asmx through one binding, its arguments as the binding carries them. */
  #request(operation: string, binding: Binding, args: Readonly<Record<string, string>>): HttpRequest {
    if (binding === 'GET') return { method: 'GET', path: `/srv.asmx/${operation}`, query: args };
    if (binding === 'form POST')
      return {
        method: 'POST',
        path: `/srv.asmx/${operation}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(args).toString(),
      };
    return {
      method: 'POST',
      path: '/srv.asmx',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"http://tempuri.org/${operation}"` },
      body: soapEnvelope(operation, args),
    };
  }

  #outcome(answer: HttpAnswer, binding: Binding, operation: string): Outcome {
    const attrs = this.#root(answer, binding, operation);
    if (this.#success(attrs, answer, binding, operation)) return { success: true, status: answer.status };
    const text = attrs.error ?? '';
    // The code is the documented part; the words after it are the server's.
    return { success: false, status: answer.status, code: /\[(\d+)\]/.exec(text)?.[1] ?? '', text };
  }

  #success(attrs: Readonly<Record<string, string>>, answer: HttpAnswer, binding: Binding, operation: string): boolean {
    // Case aside, as any .NET reader takes a boolean.
    const value = attrs.success?.toLowerCase();
    if (value === 'true' || value === 'false') return value === 'true';
    throw new UndocumentedAnswer(
      'inforouter',
      `${binding} ${operation} ${answer.url}`,
      `unexpected answer: success="${attrs.success ?? ''}" is neither true nor false`,
    );
  }

  /**
   * The attributes of the answer's <root/> (or 7.5's <response/>). Only the root is
   * documented; where a binding puts it is not, so it is looked for anywhere in the
   * answer (in a SOAP answer, anywhere in its Body), as an element or as escaped
   * text, nearest the top first.
   */
  #root(answer: HttpAnswer, binding: Binding, operation: string): Record<string, string> {
    const where = `${binding} ${operation} ${answer.url}`;
    requireTheSystems('inforouter', where, answer, 'xml', true);
    const doc = parseXml(answer.body);
    // Not a gateway's page: the server's own words (ASP.NET's `System.InvalidOperationException: …`), not as documented.
    if (!doc) throw new UndocumentedAnswer('inforouter', where, `answered ${answer.status} with a body that is not XML: ${answer.body.slice(0, 80)}`);
    let scope: unknown = doc;
    if (binding === 'SOAP') {
      const body = (doc.Envelope as { Body?: unknown } | undefined)?.Body;
      if (body === undefined)
        throw new UndocumentedAnswer('inforouter', where, `answered ${answer.status} with no SOAP envelope (${elements(doc) || 'empty'})`);
      const fault = (body as { Fault?: { faultstring?: unknown } } | undefined)?.Fault;
      if (fault)
        throw new UndocumentedAnswer('inforouter', where, `answered ${answer.status} with a SOAP Fault: ${String(fault.faultstring ?? 'no faultstring')}`);
      scope = body;
    }
    const root = findRoot(scope);
    if (!root) throw new UndocumentedAnswer('inforouter', where, `unexpected answer: no <root> or <response> element (${elements(doc) || 'empty'})`);
    return root;
  }
}

/** A ticket no infoRouter server ever issued (its LogOut and isValidTicket answer [901]): the controls' input. */
const NEVER_ISSUED = '00000000-0000-4000-8000-00000000c0de';

const ROOTS = ['root', 'response'];
const isAttribute = (key: string) => key.startsWith('@') || key.startsWith('?');
const elements = (doc: Record<string, unknown>): string =>
  Object.keys(doc)
    .filter((k) => !isAttribute(k))
    .join(', ');

/** Breadth first: the first <root> or <response> carrying a success attribute, in elements or in text that is itself XML. */
function findRoot(start: unknown): Record<string, string> | undefined {
  const queue: unknown[] = [start];
  for (const item of queue) {
    if (typeof item === 'string') {
      const inner = item.trim().startsWith('<') ? parseXml(item) : undefined;
      if (inner) queue.push(inner);
    } else if (Array.isArray(item)) {
      queue.push(...(item as unknown[]));
    } else if (item && typeof item === 'object') {
      const element = item as Record<string, unknown>;
      for (const name of ROOTS) {
        for (const candidate of [element[name]].flat()) {
          if (candidate && typeof candidate === 'object' && typeof (candidate as Record<string, unknown>)['@success'] === 'string')
            return attributesOf(candidate as Record<string, unknown>);
        }
      }
      for (const [key, value] of Object.entries(element)) if (!isAttribute(key)) queue.push(value);
    }
  }
  return undefined;
}

const attributesOf = (element: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(element).flatMap(([k, v]) => (k.startsWith('@') && typeof v === 'string' ? [[k.slice(1), v]] : [])));
