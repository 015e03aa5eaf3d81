import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';
import type { Defect } from '../system.ts';

/** Documented: a session not signed out is closed after a 10-minute time-out. */
export const IDLE_TIMEOUT_MS = 10 * 60_000;

export const defects = {
  'session-survives-sign-out': { clause: 'ACU-1', description: 'sign-out answers 204 but the session keeps authorizing entity calls' },
  'sign-out-answers-200': { clause: 'ACU-1', description: 'a successful sign-out answers 200 instead of 204' },
  'headers-demanded': { clause: 'ACU-2', description: 'sign-out without Accept and Content-Type headers answers 400' },
  'server-error-as-503': { clause: 'ACU-3', description: 'a server error during sign-out answers 503, a status the document does not list' },
  'seat-not-released': { clause: 'ACU-4', description: 'a signed-out session keeps its API-user seat until the idle time-out' },
  'no-idle-close': { clause: 'ACU-5', description: 'a session never signed out stays open for ever' },
  'sign-out-counts-against-concurrency': { clause: 'ACU-6', description: 'sign-out is refused with 429 while the concurrent-request limit is reached' },
  'instance-path-unsupported': { clause: 'ACU-7', description: 'sign-out under an instance path answers 404' },
} as const satisfies Record<string, Defect>;

export type AcumaticaDefect = keyof typeof defects;

export interface AcumaticaSeed {
  /** Login name → password. */
  readonly users: Readonly<Record<string, string>>;
  /** API users (concurrent sessions) the licence admits. The trial licence admits 2. */
  readonly apiUsers: number;
}

interface Session {
  readonly id: string;
  readonly auth: string;
  readonly user: string;
  lastSeen: number;
  signedOut: boolean;
}

/** What an operation answers; the route table turns it into HTTP. */
export type Reply =
  | { readonly status: 200 | 204; readonly session?: { readonly id: string; readonly auth: string } }
  | { readonly status: 200; readonly records: readonly object[] }
  | { readonly status: number; readonly error: string };

export type RequestKind = 'sign-in' | 'sign-out' | 'entity';

/**
 * MYOB Acumatica's session and licence rules, and nothing of HTTP: sessions with
 * their cookies, the API-user limit, the requests-per-minute and concurrent-request
 * limits (sign-out exempt from the latter), and the 10-minute idle close.
 */
export class AcumaticaModel {
  readonly #clock: Clock;
  readonly #defects: ReadonlySet<string>;
  readonly #users: Readonly<Record<string, string>>;
  readonly #sessions = new Map<string, Session>();
  #apiUsers: number;
  #requestsPerMinute = Infinity;
  #minute = { index: -1, count: 0 };
  #concurrentRequests = Infinity;
  #othersInFlight = 0;
  #nextSignOutStatus: number | undefined;
  #serial = 0;

  constructor(clock: Clock, defects: ReadonlySet<string>, seed: AcumaticaSeed) {
    this.#clock = clock;
    this.#defects = defects;
    this.#users = seed.users;
    this.#apiUsers = seed.apiUsers;
  }

  has(defect: AcumaticaDefect): boolean {
    return this.#defects.has(defect);
  }

  // Controls: what a Given can do to the server that a client cannot.

  admitApiUsers(count: number): void {
    this.#apiUsers = count;
  }

  limitRequestsPerMinute(count: number): void {
    this.#requestsPerMinute = count;
  }

  /** Other clients' requests fill every concurrent-request slot the licence has. */
  saturateConcurrentRequests(limit = 1): void {
    this.#concurrentRequests = limit;
    this.#othersInFlight = limit;
  }

  /** The next sign-out answers this documented error status instead of signing out. */
  failNextSignOut(status: 400 | 429 | 500): void {
    this.#nextSignOutStatus = status;
  }

  /** Sessions holding an API-user seat right now. */
  get seatsTaken(): number {
    this.#closeIdle();
    return [...this.#sessions.values()].filter((s) => !s.signedOut || this.has('seat-not-released')).length;
  }

  /** Sessions that still authorize entity calls (for the leak check). */
  get openSessions(): number {
    this.#closeIdle();
    return [...this.#sessions.values()].filter((s) => !s.signedOut).length;
  }

  // Operations: what the REST API does.

  /** Every request passes here first: idle sessions close, licence limits apply. */
  admit(kind: RequestKind): Reply | undefined {
    this.#closeIdle();
    const minute = Math.floor(this.#clock.now() / 60_000);
    if (minute !== this.#minute.index) this.#minute = { index: minute, count: 0 };
    if (++this.#minute.count > this.#requestsPerMinute) {
      return { status: 429, error: 'The number of requests per minute has exceeded the limit imposed by the license.' };
    }
    const exempt = kind === 'sign-out' && !this.has('sign-out-counts-against-concurrency');
    if (!exempt && this.#othersInFlight >= this.#concurrentRequests) {
      return { status: 429, error: 'The number of concurrent requests has exceeded the limit imposed by the license.' };
    }
    return undefined;
  }

  signIn(name: string, password: string): Reply {
    if (this.#users[name] === undefined || this.#users[name] !== password) {
      return { status: 401, error: 'Invalid credentials. Please try again.' };
    }
    if (this.seatsTaken >= this.#apiUsers) {
      return { status: 429, error: 'API Login Limit: the number of concurrent API users allowed by the license is reached.' };
    }
    const n = ++this.#serial;
    const session: Session = { id: opaqueId('acumatica:session', n), auth: opaqueId('acumatica:auth', n), user: name, lastSeen: this.#clock.now(), signedOut: false };
    this.#sessions.set(session.id, session);
    return { status: 204, session: { id: session.id, auth: session.auth } };
  }

  signOut(cookies: { id?: string; auth?: string }): Reply {
    const forced = this.#nextSignOutStatus;
    if (forced !== undefined) {
      this.#nextSignOutStatus = undefined;
      return { status: forced === 500 && this.has('server-error-as-503') ? 503 : forced, error: `The simulator was told to answer ${forced}.` };
    }
    const session = this.#live(cookies);
    if (session && !this.has('session-survives-sign-out')) session.signedOut = true;
    return { status: this.has('sign-out-answers-200') ? 200 : 204 };
  }

  readCustomers(cookies: { id?: string; auth?: string }): Reply {
    const session = this.#live(cookies);
    if (!session) return { status: 401, error: 'You are not logged in.' };
    session.lastSeen = this.#clock.now();
    return { status: 200, records: [{ id: 'c0f7a4b2-0000-4000-8000-000000000001', CustomerID: { value: 'ABARTENDE' } }] };
  }

  #live(cookies: { id?: string; auth?: string }): Session | undefined {
    const session = cookies.id === undefined ? undefined : this.#sessions.get(cookies.id);
    return session && !session.signedOut && session.auth === cookies.auth ? session : undefined;
  }

  #closeIdle(): void {
    if (this.has('no-idle-close')) return;
    const now = this.#clock.now();
    for (const [id, s] of this.#sessions) if (now - s.lastSeen >= IDLE_TIMEOUT_MS) this.#sessions.delete(id);
  }
}

