/**
 * ABRA Flexi's one client, the only code that speaks its wire protocol to the steps;
 * its rooms: target.ts (the targets file, accounts), sessions.ts (how a caller is
 * presented), answers.ts (formats, reading an answer), web.ts (the web interface).
 */
import { TargetError } from '../../http/errors.ts';
import { judged, Nonconformance, requireTheSystems, UndocumentedAnswer, type Control } from '../../verdicts.ts';
import type { HttpAnswer, HttpClient } from '../../http/client.ts';
import { redactor } from '../../http/redact/index.ts';
import { NO_SUCH_ACCOUNT } from '../accounts.ts';
import type { ScenarioServices } from '../system.ts';
import { carriesWinstrom, ERROR_ENVELOPE, errorEnvelope, FORMATS, readLogoutAnswer, redirectOf, type FlexiFormat, type LogoutAnswer } from './answers.ts';
import { FlexiSession, present, type FlexiCaller, type FlexiWebSession } from './sessions.ts';
import { FlexiAccounts, probePathOf, type FlexiAccount, type FlexiCredentials, type FlexiRole, type FlexiTarget } from './target.ts';
import { HARMLESS_AUTH_FIELDS, JSON_LOGIN, REMOTE_LOGOUT } from './vocabulary.ts';
import { FlexiWebInterface } from './web.ts';

export type { FlexiFormat, LogoutAnswer } from './answers.ts';
export { FlexiSession, FlexiWebSession, type FlexiCaller, type SessionCarrier } from './sessions.ts';
export type { FlexiAccount, FlexiCredentials, FlexiRole, FlexiTarget, FlexiWebLogin } from './target.ts';

/** ABRA Flexi's one client: JSON authentication, the user logout service, the session probe, and the clean-up that logs each user out. */
export class FlexiClient {
  readonly #http: HttpClient;
  readonly #target: FlexiTarget;
  readonly #services: ScenarioServices;
  readonly #accounts: FlexiAccounts;
  readonly #web: FlexiWebInterface;
  readonly #cleaned = new Set<string>();
  /** Sessions (API and web) opened per user, and how many of them a probe has since shown dead. */
  readonly #opened = new Map<string, number>();
  readonly #shownDead = new Map<string, number>();

  constructor(services: ScenarioServices, target: FlexiTarget) {
    this.#http = services.http;
    this.#target = target;
    this.#services = services;
    this.#accounts = new FlexiAccounts(services, target);
    this.#web = new FlexiWebInterface(this.#http, target, this.#accounts, {
      opened: (role) => this.#logOutAfterwards(role),
      late: (role) => this.#logOutLate(role),
    });
  }

  /** Whose name and password a role signs in with (FlexiAccounts.account). */
  account(who: FlexiCredentials, use: 'session' | 'basic' = 'session'): FlexiAccount {
    return this.#accounts.account(who, use);
  }

  /** `count` JSON authentications of one user at once (they do not depend on each other). */
  logins(role: FlexiRole, count: number): Promise<FlexiSession[]> {
    return this.#services.together(...Array.from({ length: count }, () => () => this.login(role)));
  }

  /** JSON authentication; the user's logout (by the administrator, ignore-not-found) is registered at once. */
  login(role: FlexiRole): Promise<FlexiSession> {
    return judged(this.#services.endpoints, `POST ${JSON_LOGIN}`, this.#refusedLogin, () => this.#login(role));
  }

  async #login(role: FlexiRole): Promise<FlexiSession> {
    const { username, password } = this.account(role);
    const path = JSON_LOGIN;
    const answer = await this.#http.send({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ username, password }).toString(),
      authentication: HARMLESS_AUTH_FIELDS,
      onLateAnswer: () => this.#logOutLate(role),
    });
    const body = this.#json(answer, `POST ${this.#http.url(path)}`) as {
      success?: unknown;
      authSessionId?: unknown;
      refreshToken?: unknown;
      csrfToken?: unknown;
      errors?: { reason?: unknown };
    };
    if (body.success !== true || typeof body.authSessionId !== 'string') {
      throw new TargetError(
        'flexi',
        `POST ${this.#http.url(path)}`,
        `login of ${username} refused with ${answer.status} (${String(body.errors?.reason ?? 'no reason')}); check the targets file`,
      );
    }
    redactor.register(body.authSessionId, String(body.refreshToken ?? ''), String(body.csrfToken ?? ''));
    this.#logOutAfterwards(role);
    return new FlexiSession(role, username, body.authSessionId);
  }

  /** The web interface's login form (FlexiWebInterface). */
  webLogin(role: FlexiRole): Promise<FlexiWebSession> {
    return this.#web.login(role);
  }

  /** Whether a web session still opens a page (FlexiWebInterface). */
  webIsLive(session: FlexiWebSession): Promise<boolean> {
    return this.#web.isLive(session);
  }

  /** The premise of FLX-11: the fresh web session opens the probe page (FlexiWebInterface). */
  proveWebSession(session: FlexiWebSession): Promise<void> {
    return this.#web.prove(session);
  }

  /**
   * Ends every session of a user (the administrator's logout by HTTP authentication,
   * ignore-not-found=true), so that "not logged in" is made true, not assumed; also the
   * clean-up. A 404 there means ignore-not-found was ignored.
   */
  async endSessionsOf(role: FlexiRole): Promise<void> {
    const { username } = this.account(role);
    const options = { format: 'json', ignoreNotFound: true } as const;
    const { path, query } = this.#logoutRequest(role, options);
    const where = `the administrator's logout of ${username}, POST ${this.#http.url(path, query)}`;
    let out: LogoutAnswer;
    try {
      out = await this.logoutUser({ basic: 'admin' }, role, options);
    } catch (err) {
      if (!(err instanceof TargetError)) throw err;
      throw new TargetError('flexi', where, `${err.message.replace(/^\[flexi\] /, '')}; ${username}'s sessions may still be open`);
    }
    if (out.status === 404) throw new Nonconformance(`${where} with ignore-not-found=true answered 404`, { clause: 'FLX-4' });
    if (out.status !== 200) throw new TargetError('flexi', where, `answered ${out.status}; ${username}'s sessions may still be open`);
  }

  #logoutRequest(
    role: FlexiRole,
    options: { format: FlexiFormat; company?: boolean; ignoreNotFound?: boolean },
  ): { path: string; query: Record<string, string> } {
    const path = `/status/user/${encodeURIComponent(this.account(role).username)}/logout${FORMATS[options.format].suffix}`;
    return {
      path,
      query: { ...(options.company ? { company: this.#target.company } : {}), ...(options.ignoreNotFound ? { 'ignore-not-found': 'true' } : {}) },
    };
  }

  /** A login answered after its timeout may have opened a session: the user is logged out before the run ends. */
  #logOutLate(role: FlexiRole): void {
    if (role === 'admin') return this.#logOutAfterTheRun(role);
    this.#services.cleanups.defer(`log out Flexi user ${this.account(role).username} (a login answered after its timeout)`, () => this.endSessionsOf(role));
  }

  /**
   * The administrator only calls the logout, and no scenario logs it out: scenarios
   * side by side share it (resources.ts), and its sessions are ended once, after the
   * last of them, since its logout would end theirs too.
   */
  #logOutAfterTheRun(role: FlexiRole): void {
    this.#services.afterTheRun.defer(`log out Flexi user ${this.account(role).username}`, () => this.endSessionsOf(role), { alongside: true });
  }

  #logOutAfterwards(role: FlexiRole): void {
    const { username } = this.account(role);
    this.#opened.set(username, (this.#opened.get(username) ?? 0) + 1);
    if (this.#cleaned.has(username)) return;
    this.#cleaned.add(username);
    if (role === 'admin') return this.#logOutAfterTheRun(role);
    // Each user is logged out on its own (the administrator's Basic credentials, not a session): independent of the others.
    // Nothing to close when the scenario has shown every session it opened for the user dead.
    const shownClosed = () => this.#shownDead.get(username) === this.#opened.get(username);
    this.#services.cleanups.defer(`log out Flexi user ${username}`, () => (shownClosed() ? undefined : this.endSessionsOf(role)), { alongside: true });
  }

  /** POST /status/user/{login}/logout, the login one percent-encoded path segment. */
  async logoutUser(caller: FlexiCaller, role: FlexiRole, options: { format: FlexiFormat; company?: boolean; ignoreNotFound?: boolean }): Promise<LogoutAnswer> {
    const { path, query } = this.#logoutRequest(role, options);
    const where = `POST ${this.#http.url(path, query)}`;
    const due = options.format.startsWith('json') ? 'json' : options.format.startsWith('xml') ? 'xml' : undefined;
    const control = this.#loginRequired('POST', this.#logoutRequest(role, { format: 'json' }).path, 'POST /status/user/{login}/logout.json');
    return judged(this.#services.endpoints, `POST /status/user/{login}/logout${FORMATS[options.format].suffix}`, control, async () => {
      const answer = await this.#send(caller, 'POST', path, query, FORMATS[options.format].accept);
      // A gateway's status, or its HTML page where JSON or XML is due, is never the system's answer.
      requireTheSystems('flexi', where, answer, due);
      return readLogoutAnswer(answer, this.#http.url(''), where);
    });
  }

  /** Whether a logout answer carries the winstrom envelope (assumed for its 200 and 404, not documented). */
  carriesWinstrom(answer: LogoutAnswer): boolean {
    return carriesWinstrom(answer);
  }

  /** Which error envelope an answer carries, and the documented one, worded alike for the report. */
  errorEnvelope(answer: LogoutAnswer): { observed: string; expected: string } {
    return { observed: errorEnvelope(answer), expected: ERROR_ENVELOPE };
  }

  /** The status of a JSON call in the company (200 readable, 403 forbidden by the cached context, 401 or 302 dead). */
  async companyCall(caller: FlexiCaller): Promise<number> {
    return (await this.#send(caller, 'GET', this.#probePath, {}, 'application/json')).status;
  }

  /**
   * Whether each session still authenticates, all probed at once. When every
   * session opened for their user is shown dead, the clean-up has nothing left to
   * log out.
   */
  async areLive(sessions: readonly FlexiSession[]): Promise<boolean[]> {
    const live = await this.#services.together(...sessions.map((s) => () => this.isLive(s)));
    const users = new Set(sessions.map((s) => s.login));
    const [username] = users;
    if (username !== undefined && users.size === 1 && live.every((l) => !l) && sessions.length === this.#opened.get(username))
      this.#shownDead.set(username, sessions.length);
    return live;
  }

  /** Whether a session still authenticates: any answer but 401 or the remote-logout redirect. */
  isLive(session: FlexiSession): Promise<boolean> {
    return judged(this.#services.endpoints, 'GET probePath', this.#loginRequired('GET', this.#probePath, 'GET probePath'), async () => {
      const answer = await this.#send({ session }, 'GET', this.#probePath, {}, 'application/json');
      if (answer.status === 401 || (answer.status >= 300 && answer.status < 400 && (answer.headers.get('location') ?? '').includes(REMOTE_LOGOUT)))
        return false;
      if (answer.status === 200 || answer.status === 403) return true;
      const where = `GET ${this.#http.url(this.#probePath)}`;
      requireTheSystems('flexi', where, answer, 'json');
      throw new UndocumentedAnswer('flexi', where, `the session probe answered ${answer.status}; check company and probePath`);
    });
  }

  /**
   * A control (verdicts.ts judged): the same resource asked for in JSON without any
   * credentials, which the documents answer 401 (login required). It acts on nothing.
   */
  #loginRequired(method: 'GET' | 'POST', path: string, what: string): Control {
    return {
      what: `${what} without credentials, documented 401 (login required)`,
      run: async () => {
        const { status } = await this.#http.send({ method, path, headers: { accept: 'application/json' } });
        if (status !== 401) throw new Error(`answered ${status}`);
      },
    };
  }

  /** JSON authentication's control (verdicts.ts judged): a login of a user that does not exist, refused as documented, `{"success":false,…}`. */
  readonly #refusedLogin: Control = {
    what: `POST ${JSON_LOGIN} of a user that does not exist, documented {"success":false,…}`,
    run: async () => {
      const where = `POST ${this.#http.url(JSON_LOGIN)}`;
      const answer = await this.#http.send({
        method: 'POST',
        path: JSON_LOGIN,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ ...NO_SUCH_ACCOUNT }).toString(),
        authentication: HARMLESS_AUTH_FIELDS,
      });
      if ((this.#json(answer, where) as { success?: unknown }).success !== false) throw new Error('not refused');
    },
  };

  /** How a dead session's JSON call is answered (401 or redirect), and how the targets file says it is (deadSession, 401 by default). */
  async deadAnswer(session: FlexiSession): Promise<{ observed: string; expected: string }> {
    const answer = await this.#send({ session }, 'GET', this.#probePath, {}, 'application/json');
    const observed = answer.status === 401 ? '401' : (answer.headers.get('location') ?? '').includes(REMOTE_LOGOUT) ? 'redirect' : String(answer.status);
    return { observed, expected: this.#target.deadSession ?? '401' };
  }

  /** How a JSON call in the company with this session is answered: its status, and where a redirect leads (its path below the base). */
  async companyAnswer(session: FlexiSession): Promise<{ status: number; redirect: string | null; location: string | null }> {
    const answer = await this.#send({ session }, 'GET', this.#probePath, {}, 'application/json');
    return { status: answer.status, ...redirectOf(answer, this.#http.url(''), `GET ${this.#http.url(this.#probePath)}`) };
  }

  /** The company the test accounts work in. */
  get company(): string {
    return this.#target.company;
  }

  get #probePath(): string {
    return probePathOf(this.#target);
  }

  #send(caller: FlexiCaller, method: 'GET' | 'POST', path: string, query: Record<string, string>, accept: string | undefined): Promise<HttpAnswer> {
    const presented = present(caller, this.#accounts);
    const headers = { ...(accept ? { accept } : {}), ...presented.headers };
    return this.#http.send({ method, path, query: { ...query, ...presented.query }, headers, ...(presented.jar ? { jar: presented.jar } : {}) });
  }

  #json(answer: HttpAnswer, where: string): unknown {
    requireTheSystems('flexi', where, answer, 'json', true);
    try {
      return JSON.parse(answer.body);
    } catch {
      throw new UndocumentedAnswer('flexi', where, `answered ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 80)}`);
    }
  }
}
