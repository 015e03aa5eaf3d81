import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';
import type { Defect } from '../system.ts';

/** Documented: tickets live 30 days, sliding. */
export const TICKET_LIFETIME_MS = 30 * 24 * 60 * 60_000;

export const defects = {
  'ticket-survives-logout': { clause: 'INR-1', description: 'LogOut answers success but the ticket stays valid' },
  'soap-logout-ignored': { clause: 'INR-2', description: 'the SOAP binding answers success without removing the ticket' },
  'no-cookie-fallback': { clause: 'INR-3', description: 'without the parameter, the ticket cookie is ignored and LogOut answers [901]' },
  'missing-ticket-succeeds': { clause: 'INR-4', description: 'LogOut with no ticket at all answers success="true"' },
  'unknown-ticket-succeeds': { clause: 'INR-5', description: 'LogOut with a ticket the server never issued answers success="true"' },
  'second-logout-succeeds': { clause: 'INR-6', description: 'LogOut of a ticket already logged out answers success="true"' },
  'no-expiry': { clause: 'INR-7', description: 'tickets never expire' },
  'logout-ends-every-ticket': { clause: 'INR-8', description: 'LogOut removes every ticket of the user, not only the one given' },
} as const satisfies Record<string, Defect>;

export type InfoRouterDefect = keyof typeof defects;
export type Binding = 'GET' | 'form POST' | 'SOAP';

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
  #oldRoot = false;
  #serial = 0;

  constructor(clock: Clock, defects: ReadonlySet<string>, users: Readonly<Record<string, string>>) {
    this.#clock = clock;
    this.#defects = defects;
    this.#users = new Map(Object.entries(users).map(([name, password], i) => [name, { password, id: 100 + i }]));
  }

  has(defect: InfoRouterDefect): boolean {
    return this.#defects.has(defect);
  }

  // Controls.

  /** Answers as infoRouter 7.5 does: a <response …/> root instead of <root …/>. */
  answerWithOldRoot(): void {
    this.#oldRoot = true;
  }

  get oldRoot(): boolean {
    return this.#oldRoot;
  }

  /** Tickets still in the cache and not expired (for the leak checks). */
  get openSessions(): number {
    return [...this.#tickets.keys()].filter((t) => this.#valid(t)).length;
  }

  // Operations.

  authenticate(user: string, password: string): { ticket: string; info: TicketInfo } | undefined {
    const found = this.#users.get(user);
    if (!found || found.password !== password) return undefined;
    const ticket = guid(++this.#serial);
    const info = { user, userId: found.id, expiresAt: this.#clock.now() + TICKET_LIFETIME_MS };
    this.#tickets.set(ticket, info);
    return { ticket, info };
  }

  /** The passive check: does not extend the ticket. */
  isValid(ticket: string | undefined): TicketInfo | undefined {
    return ticket !== undefined && this.#valid(ticket) ? this.#tickets.get(ticket) : undefined;
  }

  /** Logs a ticket out: true when it was live and is now gone. */
  logOut(binding: Binding, ticket: string | undefined): boolean {
    if (ticket === undefined) return this.has('missing-ticket-succeeds');
    if (!this.#valid(ticket)) {
      if (this.#loggedOut.has(ticket)) return this.has('second-logout-succeeds');
      return this.has('unknown-ticket-succeeds');
    }
    const info = this.#tickets.get(ticket) as TicketInfo;
    const ignored = this.has('ticket-survives-logout') || (binding === 'SOAP' && this.has('soap-logout-ignored'));
    if (!ignored) this.#remove(ticket);
    if (this.has('logout-ends-every-ticket')) for (const [t, i] of this.#tickets) if (i.user === info.user) this.#remove(t);
    return true;
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
