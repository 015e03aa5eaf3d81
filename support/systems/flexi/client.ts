import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CookieJar } from '../../http/cookie-jar.ts';
import { TargetError } from '../../http/errors.ts';
import { judged, Nonconformance, notTheSystems, UndocumentedAnswer } from '../../verdicts.ts';
import { basicAuthorization, type HttpAnswer, type HttpClient } from '../../http/client.ts';
import { redactor } from '../../http/redact.ts';
import { accountOf, type Account } from '../accounts.ts';
import type { ScenarioServices, TargetConfig } from '../system.ts';
import { HARMLESS_AUTH_FIELDS, JSON_LOGIN, REMOTE_LOGOUT, SESSION_COOKIE, SESSION_HEADER, SESSION_QUERY } from './vocabulary.ts';

export type FlexiAccount = Account;

/**
 * Flexi's logout ends EVERY session of the user it names: the harness only ever
 * logs out the dedicated test accounts named here.
 */
export interface FlexiTarget extends TargetConfig {
  /** A company (database name) every test account may read. */
  readonly company: string;
  /** Rights to all companies and to manage the licence: may log out other users. */
  readonly admin: FlexiAccount;
  /** An ordinary test user, without those rights. */
  readonly user: FlexiAccount;
  /** Another ordinary test user. */
  readonly otherUser: FlexiAccount;
  /** Further ordinary test users: with `user` and `otherUser`, the pool scenarios are given theirs from. */
  readonly moreUsers?: readonly FlexiAccount[];
  /** Further administrators: with `admin`, the pool scenarios are given theirs from. */
  readonly moreAdmins?: readonly FlexiAccount[];
  /** A test user whose login has non-ASCII letters (e.g. novák); FLX-10 needs it. */
  readonly nonAsciiUser?: FlexiAccount;
  /** Server authorization (a server account, not a company user), sent by HTTP Basic; FLX-12 needs it. */
  readonly serverAuth?: FlexiAccount;
  /** How the web interface logs in (not in the logout document, so the target says); FLX-11 needs it. */
  readonly webLogin?: FlexiWebLogin;
  /** A JSON call in the company that needs a session; default /c/{company}/adresar.json?limit=1. */
  readonly probePath?: string;
  /** How a dead session's JSON call is answered: 401 (default) or a redirect to /login-logout/remote-logout. */
  readonly deadSession?: '401' | 'redirect';
}

/** A form POST of name and password whose answer sets the web session's cookie(s). */
export interface FlexiWebLogin {
  readonly path: string;
  readonly usernameField?: string;
  readonly passwordField?: string;
  /** A page answering 200 to a live web session, 401 or a redirect to a login page to a dead one; default /c/{company}. */
  readonly probePath?: string;
}

export type FlexiRole = 'admin' | 'user' | 'other user' | 'non-ASCII user';
/** Whose credentials: a test user's, or the server authorization's. */
export type FlexiCredentials = FlexiRole | 'server';
/** How the answer's format is asked for. */
export type FlexiFormat = 'json' | 'xml' | 'json by Accept' | 'xml by Accept' | 'html' | 'json suffix with Accept xml';
/** Where the session id travels. */
export type SessionCarrier = 'header' | 'cookie' | 'query';

export class FlexiSession {
  readonly role: FlexiRole;
  readonly login: string;
  readonly id: string;
  constructor(role: FlexiRole, login: string, id: string) {
    this.role = role;
    this.login = login;
    this.id = id;
  }
}

/** A session of the web interface: whatever cookies its login set. */
export class FlexiWebSession {
  readonly role: FlexiRole;
  readonly jar: CookieJar;
  constructor(role: FlexiRole, jar: CookieJar) {
    this.role = role;
    this.jar = jar;
  }
}

/** Who calls: a session (its id carried one way) or an account by HTTP Basic authentication. */
export type FlexiCaller = { readonly session: FlexiSession; readonly carrier?: SessionCarrier } | { readonly basic: FlexiCredentials };

export interface LogoutAnswer {
  readonly status: number;
  /**
   * Where the Location header leads: its path on the target (below the base URL, with
   * any query) when it resolves there, however it was written; else the absolute URL.
   */
  readonly redirect: string | null;
  /** What the body is, read from its content type and checked by parsing it. */
  readonly kind: 'json' | 'xml' | 'html' | 'empty';
  /** The parsed body, for JSON and XML. */
  readonly body: unknown;
}

const FORMATS: Record<FlexiFormat, { suffix: string; accept?: string }> = {
  json: { suffix: '.json' },
  xml: { suffix: '.xml' },
  'json by Accept': { suffix: '', accept: 'application/json' },
  'xml by Accept': { suffix: '', accept: 'application/xml' },
  html: { suffix: '' },
  'json suffix with Accept xml': { suffix: '.json', accept: 'application/xml' },
};

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

/** ABRA Flexi: JSON authentication, the user logout service, and a company call as the session probe. */
export class FlexiClient {
  readonly #http: HttpClient;
  readonly #target: FlexiTarget;
  readonly #services: ScenarioServices;
  readonly #cleaned = new Set<string>();
  /** Sessions (API and web) opened per user, and how many of them a probe has since shown dead. */
  readonly #opened = new Map<string, number>();
  readonly #shownDead = new Map<string, number>();

  constructor(services: ScenarioServices, target: FlexiTarget) {
    this.#http = services.http;
    this.#target = target;
    this.#services = services;
    for (const account of [...admins(target), ...ordinaryUsers(target), target.nonAsciiUser, target.serverAuth])
      if (account) redactor.register(account.password);
  }

  /**
   * Whose name and password a role signs in with. The user and the other user are
   * the ordinary test users this scenario was given, the administrator the one it
   * was given; a scenario given none calls as the first administrator only with
   * HTTP Basic (a clean-up's logout), which opens no session to end anyone else's.
   */
  account(who: FlexiCredentials, use: 'session' | 'basic' = 'session'): FlexiAccount {
    if (who === 'user' || who === 'other user')
      return accountOf(ordinaryUsers(this.#target), this.#services.units('user'), who === 'user' ? 0 : 1, 'ordinary Flexi test user');
    if (who === 'admin') {
      const given = this.#services.units('admin');
      return given.length || use === 'session' ? accountOf(admins(this.#target), given, 0, 'Flexi administrator') : this.#target.admin;
    }
    const account = {
      'non-ASCII user': this.#target.nonAsciiUser,
      server: this.#target.serverAuth,
    }[who];
    if (!account) throw new TargetError('flexi', 'targets file', `no ${who} account is configured (${who === 'server' ? 'serverAuth' : 'nonAsciiUser'})`);
    return account;
  }

  /** `count` JSON authentications of one user at once (they do not depend on each other). */
  logins(role: FlexiRole, count: number): Promise<FlexiSession[]> {
    return this.#services.together(...Array.from({ length: count }, () => () => this.login(role)));
  }

  /** JSON authentication; the user's logout (by the administrator, ignore-not-found) is registered at once. */
  login(role: FlexiRole): Promise<FlexiSession> {
    return judged(this.#services.endpoints, `POST ${JSON_LOGIN}`, () => this.#login(role));
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

  /** The web interface's login form; the session is whatever cookies its answer set. */
  async webLogin(role: FlexiRole): Promise<FlexiWebSession> {
    const form = this.#webForm;
    const { username, password } = this.account(role);
    const jar = new CookieJar();
    const answer = await this.#http.send({
      method: 'POST',
      path: form.path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ [form.usernameField ?? 'username']: username, [form.passwordField ?? 'password']: password }).toString(),
      jar,
      authentication: HARMLESS_AUTH_FIELDS,
      onLateAnswer: () => this.#logOutLate(role),
    });
    // Registered before the check: a login that set cookies but answered oddly may still have opened a session.
    this.#logOutAfterwards(role);
    if (answer.status >= 400 || jar.size === 0)
      throw new TargetError(
        'flexi',
        `POST ${this.#http.url(form.path)}`,
        `the web login of ${username} answered ${answer.status} and set ${jar.size} cookies; check webLogin in the targets file`,
      );
    return new FlexiWebSession(role, jar);
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
    this.#services.cleanups.defer(`log out Flexi user ${this.account(role).username} (a login answered after its timeout)`, () => this.endSessionsOf(role));
  }

  #logOutAfterwards(role: FlexiRole): void {
    const { username } = this.account(role);
    this.#opened.set(username, (this.#opened.get(username) ?? 0) + 1);
    if (this.#cleaned.has(username)) return;
    this.#cleaned.add(username);
    // Each user is logged out on its own (the administrator's Basic credentials, not a session): independent of the others.
    // Nothing to close when the scenario has shown every session it opened for the user dead.
    const shownClosed = () => this.#shownDead.get(username) === this.#opened.get(username);
    this.#services.cleanups.defer(`log out Flexi user ${username}`, () => (shownClosed() ? undefined : this.endSessionsOf(role)), { alongside: true });
  }

  /** POST /status/user/{login}/logout, the login one percent-encoded path segment. */
  async logoutUser(caller: FlexiCaller, role: FlexiRole, options: { format: FlexiFormat; company?: boolean; ignoreNotFound?: boolean }): Promise<LogoutAnswer> {
    const { path, query } = this.#logoutRequest(role, options);
    const due = options.format.startsWith('json') ? 'json' : options.format.startsWith('xml') ? 'xml' : undefined;
    return judged(this.#services.endpoints, `POST /status/user/{login}/logout${FORMATS[options.format].suffix}`, async () =>
      this.#read(await this.#send(caller, 'POST', path, query, FORMATS[options.format].accept), `POST ${this.#http.url(path, query)}`, due),
    );
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
    return judged(this.#services.endpoints, 'GET probePath', async () => {
      const answer = await this.#send({ session }, 'GET', this.#probePath, {}, 'application/json');
      if (answer.status === 401 || (answer.status >= 300 && answer.status < 400 && (answer.headers.get('location') ?? '').includes(REMOTE_LOGOUT)))
        return false;
      if (answer.status === 200 || answer.status === 403) return true;
      const where = `GET ${this.#http.url(this.#probePath)}`;
      const foreign = notTheSystems(answer, 'json');
      if (foreign) throw new TargetError('flexi', where, foreign);
      throw new UndocumentedAnswer('flexi', where, `the session probe answered ${answer.status}; check company and probePath`);
    });
  }

  /** Whether a web session still opens a page: 200 live; 401 or a redirect to a login page dead. */
  async webIsLive(session: FlexiWebSession): Promise<boolean> {
    const path = this.#webForm.probePath ?? `/c/${encodeURIComponent(this.#target.company)}`;
    const answer = await this.#http.send({ method: 'GET', path, headers: { accept: 'text/html' }, jar: session.jar });
    if (answer.status >= 200 && answer.status < 300) return true;
    const location = answer.headers.get('location') ?? '';
    if (answer.status === 401 || (answer.status >= 300 && answer.status < 400 && /login/i.test(location))) return false;
    throw new TargetError(
      'flexi',
      `GET ${this.#http.url(path)}`,
      `the web page answered ${answer.status}${location ? ` to ${location}` : ''}; set webLogin.probePath to a page that answers 200 to a live session`,
    );
  }

  /**
   * The premise of FLX-11: the fresh web session opens the probe page. The documents do
   * not say how the web interface logs in, so a session that does not is a targets-file
   * problem (webLogin), not a finding.
   */
  async proveWebSession(session: FlexiWebSession): Promise<void> {
    if (await this.webIsLive(session)) return;
    const path = this.#webForm.probePath ?? `/c/${encodeURIComponent(this.#target.company)}`;
    throw new TargetError(
      'flexi',
      `GET ${this.#http.url(path)}`,
      `the fresh web-interface session of ${this.account(session.role).username} does not open the page; check webLogin in the targets file`,
    );
  }

  /** How a dead session's JSON call is answered: 401 or redirect. */
  async deadAnswer(session: FlexiSession): Promise<string> {
    const answer = await this.#send({ session }, 'GET', this.#probePath, {}, 'application/json');
    return answer.status === 401 ? '401' : (answer.headers.get('location') ?? '').includes(REMOTE_LOGOUT) ? 'redirect' : String(answer.status);
  }

  /** The company the test accounts work in. */
  get company(): string {
    return this.#target.company;
  }

  get expectedDeadAnswer(): string {
    return this.#target.deadSession ?? '401';
  }

  get #webForm(): FlexiWebLogin {
    if (!this.#target.webLogin) throw new TargetError('flexi', 'targets file', 'no webLogin is configured');
    return this.#target.webLogin;
  }

  get #probePath(): string {
    return this.#target.probePath ?? `/c/${encodeURIComponent(this.#target.company)}/adresar.json?limit=1`;
  }

  #send(caller: FlexiCaller, method: 'GET' | 'POST', path: string, query: Record<string, string>, accept: string | undefined): Promise<HttpAnswer> {
    const headers: Record<string, string> = accept ? { accept } : {};
    const q = { ...query };
    let jar: CookieJar | undefined;
    if ('basic' in caller) {
      const { username, password } = this.account(caller.basic, 'basic');
      headers.authorization = basicAuthorization(username, password);
    } else if ((caller.carrier ?? 'header') === 'header') headers[SESSION_HEADER] = caller.session.id;
    else if (caller.carrier === 'cookie') (jar = new CookieJar()).set(SESSION_COOKIE, caller.session.id);
    else q[SESSION_QUERY] = caller.session.id;
    return this.#http.send({ method, path, query: q, headers, ...(jar ? { jar } : {}) });
  }

  #read(answer: HttpAnswer, where: string, due: 'json' | 'xml' | undefined): LogoutAnswer {
    // A gateway's status, or its HTML page where JSON or XML is due, is never the system's answer.
    const foreign = notTheSystems(answer, due);
    if (foreign) throw new TargetError('flexi', where, foreign);
    const type = answer.headers.get('content-type') ?? '';
    const redirect = this.#redirect(answer, where);
    if (answer.body === '') return { status: answer.status, redirect, kind: 'empty', body: undefined };
    if (type.includes('json')) return { status: answer.status, redirect, kind: 'json', body: this.#json(answer, where) };
    if (type.includes('xml')) {
      if (XMLValidator.validate(answer.body) !== true)
        throw new UndocumentedAnswer('flexi', where, `answered ${answer.status} with XML that does not parse: ${answer.body.slice(0, 80)}`);
      return { status: answer.status, redirect, kind: 'xml', body: xml.parse(answer.body) };
    }
    return { status: answer.status, redirect, kind: 'html', body: undefined };
  }

  /** The Location resolved against the request (RFC 9110 allows relative and absolute), as a path on the target when it is one. */
  #redirect(answer: HttpAnswer, where: string): string | null {
    const location = answer.headers.get('location');
    if (location === null) return null;
    let resolved: URL;
    try {
      resolved = new URL(location, answer.url);
    } catch {
      throw new UndocumentedAnswer('flexi', where, `answered ${answer.status} with a Location that is not a URL: ${location.slice(0, 80)}`);
    }
    const root = this.#http.url('');
    const prefix = root.pathname === '/' ? '' : root.pathname;
    const onTarget = resolved.origin === root.origin && (prefix === '' || resolved.pathname === prefix || resolved.pathname.startsWith(`${prefix}/`));
    return onTarget ? resolved.pathname.slice(prefix.length) + resolved.search : resolved.href;
  }

  #json(answer: HttpAnswer, where: string): unknown {
    const foreign = notTheSystems(answer, 'json');
    if (foreign) throw new TargetError('flexi', where, `${foreign}: ${answer.body.slice(0, 80)}`);
    try {
      return JSON.parse(answer.body);
    } catch {
      throw new UndocumentedAnswer('flexi', where, `answered ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 80)}`);
    }
  }
}

/** The ordinary test users of a target, the pool scenarios are given theirs from. */
const ordinaryUsers = (target: FlexiTarget): FlexiAccount[] => [target.user, target.otherUser, ...(target.moreUsers ?? [])];

/** The administrators of a target, likewise. */
const admins = (target: FlexiTarget): FlexiAccount[] => [target.admin, ...(target.moreAdmins ?? [])];
