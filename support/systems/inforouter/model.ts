import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';
import type { Defect } from '../system.ts';
import type { Binding } from './vocabulary.ts';

/** Documented: tickets live 30 days, sliding. */
export const TICKET_LIFETIME_MS = 30 * 24 * 60 * 60_000;

export const defects = {
  'ticket-survives-logout': { clause: 'INR-1', description: 'LogOut answers success but the ticket stays valid' },
  'probe-answers-901-always': {
    clause: 'INR-1',
    description: 'isValidTicket answers [901] for every ticket, and LogOut leaves the ticket valid: a probe after LogOut alone shows nothing',
  },
  'soap-logout-ignored': { clause: 'INR-2', description: 'the SOAP binding answers success without removing the ticket' },
  'no-cookie-fallback': { clause: 'INR-3', description: 'without the parameter, the ticket cookie is ignored and LogOut answers [901]' },
  'missing-ticket-succeeds': { clause: 'INR-4', description: 'LogOut with no ticket at all answers success="true"' },
  'unknown-ticket-succeeds': { clause: 'INR-5', description: 'LogOut with a ticket the server never issued answers success="true"' },
  'unknown-ticket-other-error': {
    clause: 'INR-5',
    description: 'LogOut with a ticket the server never issued answers success="false" with another error than [901]',
  },
  'second-logout-succeeds': { clause: 'INR-6', description: 'LogOut of a ticket already logged out answers success="true"' },
  'no-expiry': { clause: 'INR-7', description: 'tickets never expire' },
  'soap-authenticate-refused': { clause: 'INR-9', description: 'AuthenticateUser through SOAP answers [900] for the right password' },
  'wrong-password-other-error': {
    clause: 'INR-9',
    description: 'AuthenticateUser with a wrong password answers success="false" with another error than [900]',
  },
  'probe-extends-ticket': { clause: 'INR-10', description: "isValidTicket slides the ticket's 30-day window, as a use would" },
  'probe-ignores-cookie': { clause: 'INR-11', description: 'isValidTicket ignores the ticket cookie and answers [901] without the parameter' },
} as const satisfies Record<string, Defect>;

export type InfoRouterDefect = keyof typeof defects;

/** What a LogOut did: ended the ticket, or failed as documented ([901]) or otherwise. */
export type LogOutResult = { readonly ended: true } | { readonly ended: false; readonly error: 'invalid' | 'internal' };
const INVALID: LogOutResult = { ended: false, error: 'invalid' };

export interface TicketInfo {
  readonly user: string;
  readonly userId: number;
  readonly expiresAt: number;
}

/**
 * infoRouter's ticket cache: tickets with a 30-day sliding expiry on the injected
 * clock, logged out through any binding. Answers are outcomes, not XML.
 */
export class InfoRouterModel {
  readonly #clock: Clock;
  readonly #defects: ReadonlySet<string>;
  readonly #users: ReadonlyMap<string, { password: string; id: number }>;
  readonly #tickets = new Map<string, TicketInfo>();
  readonly #loggedOut = new Set<string>();
  #serial = 0;

  /** What this server does that the documents leave open (its answers' shapes: see routes.ts). */
  readonly variations: ReadonlySet<string>;

  constructor(clock: Clock, defects: ReadonlySet<string>, users: Readonly<Record<string, string>>, variations: ReadonlySet<string> = new Set()) {
    this.#clock = clock;
    this.#defects = defects;
    this.variations = variations;
    this.#users = new Map(Object.entries(users).map(([name, password], i) => [name, { password, id: 100 + i }]));
  }

  has(defect: InfoRouterDefect): boolean {
    return this.#defects.has(defect);
  }

  /** Tickets still in the cache and not expired (for the leak checks). */
  get openSessions(): number {
    return [...this.#tickets.keys()].filter((t) => this.#valid(t)).length;
  }

  // Operations.

  authenticate(user: string, password: string, binding: Binding = 'GET'): { ticket: string; info: TicketInfo } | undefined {
    const found = this.#users.get(user);
    if (!found || found.password !== password) return undefined;
    if (binding === 'SOAP' && this.has('soap-authenticate-refused')) return undefined;
    const ticket = guid(++this.#serial);
    const info = { user, userId: found.id, expiresAt: this.#clock.now() + TICKET_LIFETIME_MS };
    this.#tickets.set(ticket, info);
    return { ticket, info };
  }

  /** The passive check: does not extend the ticket. */
  isValid(ticket: string | undefined): TicketInfo | undefined {
    if (this.has('probe-answers-901-always')) return undefined;
    const info = ticket !== undefined && this.#valid(ticket) ? this.#tickets.get(ticket) : undefined;
    if (info && ticket !== undefined && this.has('probe-extends-ticket')) {
      const slid = { ...info, expiresAt: this.#clock.now() + TICKET_LIFETIME_MS };
      this.#tickets.set(ticket, slid);
      return slid;
    }
    return info;
  }

  /** Logs a ticket out: ended when it was live and is now gone. */
  logOut(binding: Binding, ticket: string | undefined): LogOutResult {
    if (ticket === undefined) return this.has('missing-ticket-succeeds') ? { ended: true } : INVALID;
    if (!this.#valid(ticket)) {
      if (this.#loggedOut.has(ticket)) return this.has('second-logout-succeeds') ? { ended: true } : INVALID;
      if (this.has('unknown-ticket-succeeds')) return { ended: true };
      return this.has('unknown-ticket-other-error') ? { ended: false, error: 'internal' } : INVALID;
    }
    const ignored = this.has('ticket-survives-logout') || this.has('probe-answers-901-always') || (binding === 'SOAP' && this.has('soap-logout-ignored'));
    if (!ignored) this.#remove(ticket);
    return { ended: true };
  }

  #remove(ticket: string): void {
    this.#tickets.delete(ticket);
    this.#loggedOut.add(ticket);
  }

  #valid(ticket: string): boolean {
    const info = this.#tickets.get(ticket);
    if (!info) return false;
    if (this.has('no-expiry') || info.expiresAt > this.#clock.now()) return true;
    this.#tickets.delete(ticket);
    return false;
  }
}

/** A GUID-shaped ticket, deterministic per run. */
function guid(n: number): string {
  const h = opaqueId('inforouter:ticket', n);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
