import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';
import type { Defect, Variation } from '../system.ts';

/** Documented: a session not signed out is closed after a 10-minute time-out. */
export const IDLE_TIMEOUT_MS = 10 * 60_000;

/** How late the `idle-sweep-late` variation closes an idle session. */
const LATE_SWEEP_MS = 100_000;

export const defects = {
  'session-survives-sign-out': {
    clause: 'ACU-1',
    description: "sign-out answers 204 and frees the seat, but the session's cookies keep authorizing entity calls",
  },
  'sign-out-answers-200': { clause: 'ACU-1', description: 'a successful sign-out answers 200 instead of 204' },
  'headers-demanded': { clause: 'ACU-2', description: 'sign-out without Accept and Content-Type headers answers 400' },
  'server-error-as-501': {
    clause: 'ACU-3',
    description: 'every sign-out answers 501, a status the document does not list (the session is ended all the same)',
  },
  'form-sign-in-refused': { clause: 'ACU-8', description: 'a sign-in with a form-urlencoded body answers 400; only JSON is read' },
  'seat-not-released': { clause: 'ACU-4', description: 'a signed-out session keeps its API-user seat until the idle time-out' },
  'no-idle-close': { clause: 'ACU-5', description: 'a session never signed out stays open for ever' },
  'sign-out-counts-against-concurrency': { clause: 'ACU-6', description: 'sign-out is refused with 429 while the concurrent-request limit is reached' },
  'instance-path-unsupported': { clause: 'ACU-7', description: 'sign-out under an instance path answers 404' },
} as const satisfies Record<string, Defect>;

export type AcumaticaDefect = keyof typeof defects;

/** What a real instance may do that the documents leave open; the suite must read each as conformant. */
export const variations = {
  'extra-cookies': { description: 'sign-in sets further cookies (CompanyID, requestid) and scopes every cookie to the instance path' },
  'sign-out-keeps-cookies': { description: 'a sign-out answers 204 without expiring any cookie: the session ends on the server only' },
  'unauthorized-html': { description: 'an entity call without a valid session answers 401 with an HTML page (the 401 body is not documented)' },
  'login-limit-answers-500': {
    description: 'a sign-in beyond the API-user limit is refused with 500 and an "API Login Limit" message (the status is an assumption)',
  },
  'idle-sweep-late': { description: 'a session idle past the 10-minute time-out is closed by a sweep that runs up to two minutes late' },
  'seat-held-elsewhere': {
    description: 'a licence of three API users, one seat held all along by a session of another client (the targets file names the licence, not what is free)',
  },
  'extra-headers': { description: 'every answer carries headers the documents do not mention (Cache-Control, X-Frame-Options, a request id)' },
  'auth-answer-extras': {
    description: 'sign-in also sets a gateway cookie and a session-handle header no document names (secrets the harness was never told about)',
  },
} as const satisfies Record<string, Variation>;

export type AcumaticaVariation = keyof typeof variations;

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
  /** Its cookies still authorize entity calls. */
  authorizes: boolean;
  /** It still counts against the licence's API users. */
  holdsSeat: boolean;
  /** A session of another client, in use all along: never idle, never the run's to close. */
  readonly elsewhere?: boolean;
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
  readonly #variations: ReadonlySet<string>;
  readonly #users: Readonly<Record<string, string>>;
  readonly #sessions = new Map<string, Session>();
  readonly #apiUsers: number;
  #requestsPerMinute = Infinity;
  #minute = { index: -1, count: 0 };
  #concurrentRequests = Infinity;
  #othersInFlight = 0;
  #serial = 0;

  constructor(clock: Clock, defects: ReadonlySet<string>, seed: AcumaticaSeed, variations: ReadonlySet<string> = new Set()) {
    this.#clock = clock;
    this.#defects = defects;
    this.#variations = variations;
    this.#users = seed.users;
    this.#apiUsers = seed.apiUsers;
    if (this.varies('seat-held-elsewhere')) {
      const id = opaqueId('acumatica:elsewhere', 0);
      this.#sessions.set(id, { id, auth: id, user: 'another-client', lastSeen: clock.now(), authorizes: true, holdsSeat: true, elsewhere: true });
    }
  }

  has(defect: AcumaticaDefect): boolean {
    return this.#defects.has(defect);
  }

  varies(variation: AcumaticaVariation): boolean {
    return this.#variations.has(variation);
  }

  // Controls: what a Given can do to the server that a client cannot.

  limitRequestsPerMinute(count: number): void {
    this.#requestsPerMinute = count;
  }

  /** Other clients' requests fill every concurrent-request slot the licence has. */
  saturateConcurrentRequests(limit = 1): void {
    this.#concurrentRequests = limit;
    this.#othersInFlight = limit;
  }

  /** Sessions holding an API-user seat right now. */
  get seatsTaken(): number {
    this.#closeIdle();
    return [...this.#sessions.values()].filter((s) => s.holdsSeat).length;
  }

  /** Sessions that still authorize entity calls (for the leak check). */
  get openSessions(): number {
    this.#closeIdle();
    return [...this.#sessions.values()].filter((s) => s.authorizes && !s.elsewhere).length;
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
      return {
        status: this.varies('login-limit-answers-500') ? 500 : 429,
        error: 'API Login Limit: the number of concurrent API users allowed by the license is reached.',
      };
    }
    const n = ++this.#serial;
    const session: Session = {
      id: opaqueId('acumatica:session', n),
      auth: opaqueId('acumatica:auth', n),
      user: name,
      lastSeen: this.#clock.now(),
      authorizes: true,
      holdsSeat: true,
    };
    this.#sessions.set(session.id, session);
    return { status: 204, session: { id: session.id, auth: session.auth } };
  }

  signOut(cookies: { id?: string; auth?: string }): Reply {
    const session = this.#live(cookies);
    if (session) {
      if (!this.has('session-survives-sign-out')) session.authorizes = false;
      if (!this.has('seat-not-released')) session.holdsSeat = false;
    }
    if (this.has('server-error-as-501')) return { status: 501, error: 'Not Implemented' };
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
    return session && session.authorizes && session.auth === cookies.auth ? session : undefined;
  }

  #closeIdle(): void {
    if (this.has('no-idle-close')) return;
    const now = this.#clock.now();
    const after = IDLE_TIMEOUT_MS + (this.varies('idle-sweep-late') ? LATE_SWEEP_MS : 0);
    for (const [id, s] of this.#sessions) if (!s.elsewhere && now - s.lastSeen >= after) this.#sessions.delete(id);
  }
}
