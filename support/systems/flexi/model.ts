import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';
import type { Defect, Variation } from '../system.ts';

export const defects = {
  'only-newest-session-ended': { clause: 'FLX-1', description: "logout ends only the user's newest session" },
  'other-users-sessions-ended': { clause: 'FLX-1', description: "logout ends the sessions of every ordinary user, not only the named user's" },
  'caller-session-ended': { clause: 'FLX-1', description: "an administrator's logout of a user ends the administrator's own sessions too" },
  'login-opens-no-session': {
    clause: 'FLX-1',
    description: 'JSON authentication answers success with a session id that authenticates nothing (so a "dead after logout" check alone would pass)',
  },
  'html-call-answers-200': { clause: 'FLX-2', description: 'an HTML call is answered 200 instead of the 303 to /status/user' },
  'html-call-redirects-elsewhere': { clause: 'FLX-2', description: 'an HTML call is redirected to the start page instead of /status/user' },
  'accept-beats-suffix': { clause: 'FLX-3', description: 'the Accept header wins over the .json/.xml suffix' },
  'not-logged-in-answers-200': { clause: 'FLX-4', description: 'logging out a user who is not logged in answers 200 instead of 404' },
  'ignore-not-found-ignored': { clause: 'FLX-4', description: 'ignore-not-found=true is ignored: a user who is not logged in is answered 404 all the same' },
  'ignore-not-found-ends-nothing': { clause: 'FLX-4', description: 'with ignore-not-found=true the logout answers 200 and leaves a logged-in user logged in' },
  'company-logout-keeps-context': { clause: 'FLX-5', description: 'company=X answers 200 but keeps the cached context, so permission changes never apply' },
  'company-logout-ends-caller-sessions': {
    clause: 'FLX-5',
    description: "company=X answers 200 and ends the caller's own sessions (the administrator's), which the documents say stay valid",
  },
  'company-logout-without-session-200': { clause: 'FLX-6', description: 'company=X for a user without a session answers 200 instead of 404' },
  'anyone-may-log-out-anyone': { clause: 'FLX-7', description: 'a user without rights may log out another user' },
  'refusal-without-envelope': {
    clause: 'FLX-7',
    description: 'a refused logout is answered without the winstrom error envelope (a bare {"error": …} or <error>)',
  },
  'basic-auth-creates-session': { clause: 'FLX-8', description: 'a Basic-authenticated request opens a session' },
  'cookie-session-id-ignored': { clause: 'FLX-9', description: 'a session id presented as the authSessionId cookie is not recognised' },
  'query-session-id-ignored': { clause: 'FLX-9', description: 'a session id presented as the authSessionId query parameter is not recognised' },
  'login-not-decoded': { clause: 'FLX-10', description: 'the login name in the path is not percent-decoded, so non-ASCII names are not found' },
  'web-sessions-kept': { clause: 'FLX-11', description: "logout ends the user's JSON-authentication sessions but not their web-interface sessions" },
  'server-authorization-refused': { clause: 'FLX-12', description: 'a logout by server authorization is refused with 403' },
  'expired-session-answers-401': { clause: 'FLX-13', description: 'an expired session is answered 401 instead of the redirect to /login-logout/remote-logout' },
} as const satisfies Record<string, Defect>;

export type FlexiDefect = keyof typeof defects;

/** What a real deployment may do differently within the documents; `npm test` runs the suite with all of them on. */
export const variations = {
  'absolute-location': { description: 'redirects carry an absolute Location (RFC 9110), as servlet containers often write them' },
  'extra-cookies-and-headers': {
    description: "answers carry extra cookies (a container's JSESSIONID, with attributes) and headers (Cache-Control, X-Frame-Options, WWW-Authenticate)",
  },
  'formatted-bodies': { description: 'JSON and XML bodies indented, fields in another order, extra fields, no charset; XML as text/xml' },
  'redirect-bodies': { description: 'a 303 carries a small HTML body' },
  'web-login-answers-200': { description: 'the web-interface login answers 200 with the start page instead of a redirect' },
  'dead-web-session-401': { description: 'a page opened with a dead web-interface session answers 401 instead of redirecting to the login page' },
  'auth-answer-extras': {
    description:
      'the JSON login answer carries fields no document names (a user id, a gateway session handle) and sets a gateway cookie (secrets the harness was never told about)',
  },
  'logout-bodies-left-open': {
    description: "the logout's 200 and 404 (bodies the documents leave open) carry no body, only the Content-Type of the format asked for",
  },
  'front-end-origin': {
    description: "redirects name the deployment's front end (https, another host) with the documented path, as a reverse proxy rewrites them",
  },
} as const satisfies Record<string, Variation>;

export type FlexiVariation = keyof typeof variations;

export interface FlexiUser {
  readonly password: string;
  /** Rights to all companies and to manage the licence: may log out anyone. */
  readonly admin: boolean;
  /** A server-authorized account (no company user): may log out anyone, by HTTP authentication only. */
  readonly server?: boolean;
}

/** Who a request is: a session's user, a Basic-authenticated user, or nobody. */
export type Caller = { readonly user: string; readonly session?: string } | undefined;

export type LogoutReply = { readonly status: 200 | 404 | 403; readonly message: string };

/**
 * ABRA Flexi's authentication sessions and per-company user context. The context
 * (permissions among it) is read once per user and company and kept until it is
 * discarded; a logout discards it, and without company= also ends every session.
 */
export class FlexiModel {
  readonly #clock: Clock;
  readonly #defects: ReadonlySet<string>;
  readonly #users: Readonly<Record<string, FlexiUser>>;
  readonly #companies: readonly string[];
  readonly #variations: ReadonlySet<string>;
  /** Authentication sessions by id: JSON authentication's, and the web interface's (`web`). */
  readonly #sessions = new Map<string, { user: string; at: number; web: boolean }>();
  /** Server-side truth: may the user read the address book of the company? */
  readonly #permissions = new Map<string, boolean>();
  /** The cached context: what the user could read when the context was built. */
  readonly #contexts = new Map<string, { canRead: boolean }>();
  /** Sessions that expired (rather than being logged out): answered with the remote-logout redirect. */
  readonly #expired = new Set<string>();
  #deadStyle: '401' | 'redirect' = '401';
  #serial = 0;

  constructor(
    clock: Clock,
    switches: { defects: ReadonlySet<string>; variations: ReadonlySet<string> },
    users: Readonly<Record<string, FlexiUser>>,
    companies: readonly string[],
  ) {
    this.#clock = clock;
    this.#defects = switches.defects;
    this.#variations = switches.variations;
    this.#users = users;
    this.#companies = companies;
  }

  has(defect: FlexiDefect): boolean {
    return this.#defects.has(defect);
  }

  varies(variation: FlexiVariation): boolean {
    return this.#variations.has(variation);
  }

  // Controls.

  /** Changes a user's right to read a company's address book on the server; cached contexts do not see it. */
  setPermission(user: string, company: string, canRead: boolean): void {
    this.#permissions.set(`${user}|${company}`, canRead);
  }

  /** Lets every session of a user expire, as the deployment's idle timeout would (the documents do not give it). */
  expireSessionsOf(user: string): void {
    for (const [id, s] of this.#sessions) if (s.user === user) this.#expired.add(id);
    for (const id of this.#expired) this.#sessions.delete(id);
  }

  /** Answer a dead session with the redirect to /login-logout/remote-logout instead of 401. */
  answerDeadSessionsWithRedirect(): void {
    this.#deadStyle = 'redirect';
  }

  get deadStyle(): '401' | 'redirect' {
    return this.#deadStyle;
  }

  get openSessions(): number {
    return this.#sessions.size;
  }

  // Operations.

  /** JSON authentication (company users only): a new session. */
  login(user: string, password: string): { authSessionId: string; refreshToken: string; csrfToken: string } | undefined {
    const account = this.#users[user];
    if (account?.password !== password || account.server) return undefined;
    const n = ++this.#serial;
    const authSessionId = opaqueId('flexi:session', n);
    if (!this.has('login-opens-no-session')) this.#sessions.set(authSessionId, { user, at: this.#clock.now(), web: false });
    return { authSessionId, refreshToken: opaqueId('flexi:refresh', n), csrfToken: opaqueId('flexi:csrf', n) };
  }

  /** The web interface's login form: a new web session, whose id the browser keeps in a cookie. */
  webLogin(user: string, password: string): string | undefined {
    const account = this.#users[user];
    if (account?.password !== password || account.server) return undefined;
    const id = opaqueId('flexi:web', ++this.#serial);
    this.#sessions.set(id, { user, at: this.#clock.now(), web: true });
    return id;
  }

  /** The caller of a request: by session id, else by Basic credentials (which open no session). */
  caller(sessionId: string | undefined, basic: { user: string; password: string } | undefined): Caller | 'dead' | 'expired' {
    if (sessionId !== undefined) {
      const session = this.#sessions.get(sessionId);
      return session ? { user: session.user, session: sessionId } : this.#expired.has(sessionId) ? 'expired' : 'dead';
    }
    if (basic && this.#users[basic.user]?.password === basic.password) {
      if (this.has('basic-auth-creates-session') && !this.#users[basic.user]?.server)
        this.#sessions.set(opaqueId('flexi:basic', ++this.#serial), { user: basic.user, at: this.#clock.now(), web: false });
      return { user: basic.user };
    }
    return undefined;
  }

  isCompany(company: string): boolean {
    return this.#companies.includes(company);
  }

  /** A request in a company: builds the user's context on first use; answers whether the cached context may read. */
  canRead(user: string, company: string): boolean {
    const key = `${user}|${company}`;
    let context = this.#contexts.get(key);
    if (!context) this.#contexts.set(key, (context = { canRead: this.#permissions.get(key) ?? true }));
    return context.canRead;
  }

  logout(caller: NonNullable<Caller>, login: string, options: { company?: string; ignoreNotFound: boolean }): LogoutReply {
    const account = this.#users[caller.user];
    const refused = { status: 403, message: 'Nemáte oprávnění odhlásit jiného uživatele.' } as const;
    if (account?.server && this.has('server-authorization-refused')) return refused;
    const mayLogOutOthers = account?.admin === true || account?.server === true || this.has('anyone-may-log-out-anyone');
    if (login !== caller.user && !mayLogOutOthers) return refused;
    const sessions = [...this.#sessions].filter(([, s]) => s.user === login && !(s.web && this.has('web-sessions-kept'))).map(([id]) => id);
    const collateral = [...this.#sessions]
      .filter(
        ([, s]) =>
          s.user !== login &&
          ((this.has('other-users-sessions-ended') && this.#users[s.user]?.admin !== true) || (this.has('caller-session-ended') && s.user === caller.user)),
      )
      .map(([id]) => id);
    if (options.company !== undefined) {
      if (!this.has('company-logout-keeps-context')) this.#contexts.delete(`${login}|${options.company}`);
      if (this.has('company-logout-ends-caller-sessions'))
        for (const [id, s] of [...this.#sessions]) if (s.user === caller.user && s.user !== login) this.#sessions.delete(id);
      const found = sessions.length > 0 || this.has('company-logout-without-session-200');
      return found || options.ignoreNotFound
        ? { status: 200, message: 'Kontext uživatele byl zahozen.' }
        : { status: 404, message: 'Uživatel není přihlášen.' };
    }
    if (sessions.length === 0) {
      return (options.ignoreNotFound && !this.has('ignore-not-found-ignored')) || this.has('not-logged-in-answers-200')
        ? { status: 200, message: 'Uživatel nebyl přihlášen.' }
        : { status: 404, message: 'Uživatel není přihlášen.' };
    }
    const ending = this.has('only-newest-session-ended') ? sessions.slice(-1) : this.#skipsLogout(options) ? [] : sessions;
    for (const id of [...ending, ...collateral]) this.#sessions.delete(id);
    for (const key of [...this.#contexts.keys()]) if (key.startsWith(`${login}|`)) this.#contexts.delete(key);
    return { status: 200, message: 'Uživatel byl odhlášen.' };
  }

  #skipsLogout(options: { ignoreNotFound: boolean }): boolean {
    return options.ignoreNotFound && this.has('ignore-not-found-ends-nothing');
  }
}
