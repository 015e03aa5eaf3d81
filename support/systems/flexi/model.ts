import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';
import type { Defect } from '../system.ts';

export const defects = {
  'only-newest-session-ended': { clause: 'FLX-1', description: 'logout ends only the user\'s newest session' },
  'html-call-answers-200': { clause: 'FLX-2', description: 'an HTML call is answered 200 instead of the 303 to /status/user' },
  'accept-beats-suffix': { clause: 'FLX-3', description: 'the Accept header wins over the .json/.xml suffix' },
  'not-logged-in-answers-200': { clause: 'FLX-4', description: 'logging out a user who is not logged in answers 200 instead of 404' },
  'company-logout-keeps-context': { clause: 'FLX-5', description: 'company=X answers 200 but keeps the cached context, so permission changes never apply' },
  'company-logout-without-session-200': { clause: 'FLX-6', description: 'company=X for a user without a session answers 200 instead of 404' },
  'anyone-may-log-out-anyone': { clause: 'FLX-7', description: 'a user without rights may log out another user' },
  'basic-auth-creates-session': { clause: 'FLX-8', description: 'a Basic-authenticated request opens a session' },
  'cookie-session-id-ignored': { clause: 'FLX-9', description: 'a session id presented as the authSessionId cookie is not recognised' },
  'login-not-decoded': { clause: 'FLX-10', description: 'the login name in the path is not percent-decoded, so non-ASCII names are not found' },
} as const satisfies Record<string, Defect>;

export type FlexiDefect = keyof typeof defects;

export interface FlexiUser {
  readonly password: string;
  /** Rights to all companies and to manage the licence: may log out anyone. */
  readonly admin: boolean;
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
  readonly #sessions = new Map<string, { user: string; at: number }>();
  /** Server-side truth: may the user read the address book of the company? */
  readonly #permissions = new Map<string, boolean>();
  /** The cached context: what the user could read when the context was built. */
  readonly #contexts = new Map<string, { canRead: boolean }>();
  #deadStyle: '401' | 'redirect' = '401';
  #serial = 0;

  constructor(clock: Clock, defects: ReadonlySet<string>, users: Readonly<Record<string, FlexiUser>>, companies: readonly string[]) {
    this.#clock = clock;
    this.#defects = defects;
    this.#users = users;
    this.#companies = companies;
  }

  has(defect: FlexiDefect): boolean {
    return this.#defects.has(defect);
  }

  // Controls.

  /** Changes a user's right to read a company's address book on the server; cached contexts do not see it. */
  setPermission(user: string, company: string, canRead: boolean): void {
    this.#permissions.set(`${user}|${company}`, canRead);
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

  login(user: string, password: string): { authSessionId: string; refreshToken: string; csrfToken: string } | undefined {
    if (this.#users[user]?.password !== password) return undefined;
    const n = ++this.#serial;
    const authSessionId = opaqueId('flexi:session', n);
    this.#sessions.set(authSessionId, { user, at: this.#clock.now() });
    return { authSessionId, refreshToken: opaqueId('flexi:refresh', n), csrfToken: opaqueId('flexi:csrf', n) };
  }

  /** The caller of a request: by session id, else by Basic credentials (which open no session). */
  caller(sessionId: string | undefined, basic: { user: string; password: string } | undefined): Caller | 'dead' {
    if (sessionId !== undefined) {
      const session = this.#sessions.get(sessionId);
      return session ? { user: session.user, session: sessionId } : 'dead';
    }
    if (basic && this.#users[basic.user]?.password === basic.password) {
      if (this.has('basic-auth-creates-session')) this.#sessions.set(opaqueId('flexi:basic', ++this.#serial), { user: basic.user, at: this.#clock.now() });
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
    const mayLogOutOthers = this.#users[caller.user]?.admin === true || this.has('anyone-may-log-out-anyone');
    if (login !== caller.user && !mayLogOutOthers) return { status: 403, message: 'Nemáte oprávnění odhlásit jiného uživatele.' };
    const sessions = [...this.#sessions].filter(([, s]) => s.user === login).map(([id]) => id);
    if (options.company !== undefined) {
      if (!this.has('company-logout-keeps-context')) this.#contexts.delete(`${login}|${options.company}`);
      const found = sessions.length > 0 || this.has('company-logout-without-session-200');
      return found || options.ignoreNotFound ? { status: 200, message: 'Kontext uživatele byl zahozen.' } : { status: 404, message: 'Uživatel není přihlášen.' };
    }
    if (sessions.length === 0) {
      return options.ignoreNotFound || this.has('not-logged-in-answers-200') ? { status: 200, message: 'Uživatel nebyl přihlášen.' } : { status: 404, message: 'Uživatel není přihlášen.' };
    }
    const ending = this.has('only-newest-session-ended') ? sessions.slice(-1) : sessions;
    for (const id of ending) this.#sessions.delete(id);
    for (const key of [...this.#contexts.keys()]) if (key.startsWith(`${login}|`)) this.#contexts.delete(key);
    return { status: 200, message: 'Uživatel byl odhlášen.' };
  }
}

