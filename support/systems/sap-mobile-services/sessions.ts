/** Mobile Services sessions: opening one with the test user's password, probing it on its cookie alone, and the four logouts. */
import { CookieJar } from '../../http/cookie-jar.ts';
import { HarnessError, TargetError } from '../../http/errors.ts';
import { judged, Nonconformance, notTheSystems, requireTheSystems, UndocumentedAnswer, type Control } from '../../verdicts.ts';
import { basicAuthorization, type HttpAnswer, type HttpClient } from '../../http/client.ts';
import { redactor } from '../../http/redact/index.ts';
import { accountOf, type Account } from '../accounts.ts';
import type { ScenarioServices } from '../system.ts';
import { OAuthTokens } from './oauth.ts';
import { samlSignIn } from './saml.ts';
import { deadSessionStyleOf, testUsers, type SapMobileServicesTarget } from './target.ts';
import {
  HARMLESS_AUTH_FIELDS,
  LOGIN_REQUEST_HEADER,
  LOGOUT_PATHS,
  SESSION_COOKIE,
  type DeadSessionStyle,
  type LogoutMethod,
  type LogoutVersion,
} from './vocabulary.ts';

export interface LogoutVariant {
  readonly version: LogoutVersion;
  readonly method: LogoutMethod;
}

export const V1_POST: LogoutVariant = { version: 'v1', method: 'POST' };
export const V2_POST: LogoutVariant = { version: 'v2', method: 'POST' };
/** A cookie value no server issued. */
const UNKNOWN_SESSION_ID = 'c0ffee00c0ffee00c0ffee00c0ffee00';

export class SapSession {
  readonly label: string;
  /** The X-SMP-DEVICEID the session was opened with. */
  readonly device: string;
  readonly jar: CookieJar;
  /** The application the session belongs to. */
  readonly app: string;
  constructor(label: string, device: string, jar: CookieJar, app: string) {
    this.label = label;
    this.device = device;
    this.jar = jar;
    this.app = app;
  }
}

/** How the probe saw a session, with the wire facts that decided it. */
export interface SessionState {
  readonly live: boolean;
  readonly status: number;
  readonly loginRequest: boolean;
}

/** A session state in words, true to what the probe saw. */
export const stateText = ({ live, status, loginRequest }: SessionState): string =>
  `${live ? 'live' : 'dead'} (${status}${loginRequest ? ' with the login request' : ''})`;

/** The sessions of one scenario's test user, and what every other room of the client shares: the target, its requests, its errors. */
export class SapSessions {
  /** Sessions a probe has shown dead: nothing left for the clean-up to end. */
  readonly #shownDead = new WeakSet<SapSession>();
  /** Closings under way that sign in to remove something (see removing). */
  readonly #removals = new Set<Promise<unknown>>();
  /** Whether a removal has run: its v1 logout may have ended every session of the user. */
  #removed = false;
  /**
   * Logouts sent with a session cookie (any may end every session of the user, see
   * knownLive), those of tidyUp apart (a removal is read as a whole, see afterRemovals),
   * and how many of them are under way.
   */
  #logoutsSent = 0;
  #logoutsUnderWay = 0;
  /** The test user's sessions with a closing, in the order opened: those a closing's v2 logout can revoke the user's refresh tokens in. */
  readonly #ownSessions: SapSession[] = [];
  /** When each of them was last shown live: the count of logouts sent, when none was sent since or under way as the request went out. */
  readonly #shownLiveAt = new WeakMap<SapSession, number>();
  /** The same, for a probe: shown live on its cookie alone. */
  readonly #probedLiveAt = new WeakMap<SapSession, number>();
  /** Sessions a clean-up's removal logged out (see tidyUp): nothing left for their closing to end. */
  readonly #removedIn = new WeakSet<SapSession>();
  /** The closings' plan, once the removals are done (see afterRemovals). */
  #plan: Promise<SapSession | undefined> | undefined;
  readonly http: HttpClient;
  readonly target: SapMobileServicesTarget;
  readonly services: ScenarioServices;
  /** OAuth tokens of the test users: the sign-in of an OAuth application, and the refresh tokens SAP-6 shows revoked. */
  readonly oauth: OAuthTokens;
  #opened = 0;
  #devices = 0;
  #tokensToRevoke = false;
  /** A grant answered after its timeout: its token was never read, so it cannot be shown refused. */
  #lateGrant = false;
  /** The refresh tokens held (granted, or rotated in for one used) and not shown refused since: what the last v2 logout is for. */
  readonly unrefusedTokens = new Set<string>();

  constructor(services: ScenarioServices, target: SapMobileServicesTarget) {
    this.http = services.http;
    this.target = target;
    this.services = services;
    this.oauth = new OAuthTokens(this);
    for (const { password } of testUsers(target)) redactor.register(password);
  }

  /** The test user this scenario was given, from the pool of `username` and `moreUsers`. */
  get user(): Account {
    return accountOf(testUsers(this.target), this.services.units('user'), 0, 'Mobile Services test user');
  }

  /** How the target is configured to answer a dead session. */
  get deadSessionStyle(): DeadSessionStyle {
    return deadSessionStyleOf(this.target);
  }

  /** A device id of the test user not used before in this scenario. */
  newDevice(): string {
    // A push registration is the application's and the device's: scenarios beside each other, as other users, use devices of their own.
    const unit = this.services.units('user')[0];
    return `conformance-device-${unit ? `u${unit}-` : ''}${++this.#devices}`;
  }

  /**
   * Opens a session with the test user's credentials, for a new device unless one is
   * named, and shows it authenticated (see open); its logout is registered at once.
   */
  async openSession(device = this.newDevice()): Promise<SapSession> {
    const since = this.liveSince();
    const session = await this.open(device);
    this.#closeAtEnd(session);
    this.#ownSessions.push(session);
    this.shownLive(session, since);
    return session;
  }

  /**
   * A session opened ahead of its need (see openSession): one the target does not open
   * is left to what needs it, which signs in then and judges that answer; undefined here.
   */
  openSessionAhead(device?: string): Promise<SapSession | undefined> {
    return this.openSession(device).catch((err: unknown) => {
      if (!(err instanceof TargetError) && !(err instanceof UndocumentedAnswer)) throw err;
      return undefined;
    });
  }

  /** A session of a test user other than the scenario's own (its second of the pool), for a check that a logout leaves it alone. */
  async openSessionOfAnotherUser(): Promise<SapSession> {
    const other = accountOf(testUsers(this.target), this.services.units('user'), 1, 'second Mobile Services test user (moreUsers)');
    const session = await this.open(this.newDevice(), other, ' of another test user');
    this.#closeAtEnd(session);
    return session;
  }

  /** The SAML session the targets file hands in (samlSession); its logout is registered at once. */
  handedInSession(): SapSession {
    const handed = this.target.samlSession;
    if (!handed) throw new HarnessError('this scenario needs systems.sap-mobile-services.samlSession; tag it @needs:samlSession');
    const jar = new CookieJar();
    for (const pair of handed.cookie.split(';')) {
      const at = pair.indexOf('=');
      if (at > 0) jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    if (!jar.has(this.#cookie)) throw new HarnessError(`samlSession.cookie carries no ${this.#cookie} cookie (sessionCookie)`);
    const session = new SapSession('the handed-in SAML session', 'the browser', jar, this.#samlApp);
    this.#closeAtEnd(session);
    return session;
  }

  /**
   * The handed-in SAML session, when it is still live; undefined when it is not: a
   * run ends it, so a targets file that hands in the same one again hands in a dead one.
   */
  async handedInLiveSession(): Promise<SapSession | undefined> {
    // A SAML application the harness signs in to itself: a fresh session of the browser flow, every run.
    if (this.target.signIn === 'saml' && !this.target.samlSession) return this.openSession();
    const session = this.handedInSession();
    return (await this.probe(session)).live ? session : undefined;
  }

  /** A cookie naming a session no server issued, shown refused by the session request. */
  async refusedSession(): Promise<SapSession> {
    const jar = new CookieJar();
    jar.set(this.#cookie, UNKNOWN_SESSION_ID);
    const session = new SapSession('a session no server issued', this.newDevice(), jar, this.target.appId);
    await this.proveDead(session);
    return session;
  }

  /**
   * One of the four logouts, sent with the session cookie only — no credentials, no
   * X-SMP-* headers, as the document allows. Without a session, no cookie at all.
   */
  async logout(variant: LogoutVariant, session?: SapSession): Promise<number> {
    if (!session) return this.#logout(variant);
    this.#logoutsSent++;
    this.#logoutsUnderWay++;
    try {
      return await this.#logout(variant, session);
    } finally {
      this.#logoutsUnderWay--;
    }
  }

  async #logout(variant: LogoutVariant, session?: SapSession): Promise<number> {
    // A copy: the answer may expire the cookie, and the session keeps it so a probe can show it no longer works.
    const path = LOGOUT_PATHS[`${variant.version} ${variant.method}`];
    const answer = await this.http.send({ method: variant.method, path, jar: session?.jar.clone() });
    // A gateway's status is never the logout's answer.
    requireTheSystems('sap-mobile-services', `${variant.method} ${this.http.url(path)}`, answer);
    return answer.status;
  }

  /**
   * The session request with the session cookie alone. Dead: 401, or 200 with the
   * SAML login request; live: 200 without it. Anything else is a broken probe.
   */
  async probe(session: SapSession): Promise<SessionState> {
    const since = this.liveSince();
    const state = await this.#probe(session.app, session.jar.clone());
    if (state.live && since === this.#logoutsSent) this.#probedLiveAt.set(session, since);
    if (state.live) this.shownLive(session, since);
    else {
      this.#probedLiveAt.delete(session);
      this.shownDead(session);
    }
    return state;
  }

  /** Whether an answer in a session is the answer to a dead one: 401, or the SAML login request. */
  isDeadAnswer(answer: HttpAnswer): boolean {
    return answer.status === 401 || answer.headers.get(LOGIN_REQUEST_HEADER) === 'login-request';
  }

  /** A session a request has shown dead: nothing left for its closing to end. */
  shownDead(session: SapSession): void {
    this.#shownDead.add(session);
  }

  /** What to hand shownLive for a request in a session sent now: when no logout is under way, how many were sent. */
  liveSince(): number | undefined {
    return this.#logoutsUnderWay ? undefined : this.#logoutsSent;
  }

  /** A request sent at `since` (liveSince) was answered as in a live session: with no logout sent since, the session is known live. */
  shownLive(session: SapSession, since: number | undefined): void {
    if (since === this.#logoutsSent) this.#shownLiveAt.set(session, since);
  }

  /**
   * Whether the session was shown live with no logout sent since: a logout of any of
   * the user's sessions may end every one of them, so one sent beside the request that
   * showed it live leaves it unknown too.
   */
  knownLive(session: SapSession): boolean {
    return this.#shownLiveAt.get(session) === this.#logoutsSent && !this.#shownDead.has(session);
  }

  /** Whether a session opened now would be the one whose closing revokes the refresh tokens held: none is known live since the last logout. */
  get revocationWantsSession(): boolean {
    return this.#tokensToRevoke && this.#logoutsSent > 0 && this.liveSince() !== undefined && !this.#ownSessions.some((s) => this.knownLive(s));
  }

  /** A session of the device known live (see knownLive), if the scenario holds one. */
  liveSessionOf(device: string): SapSession | undefined {
    return this.#ownSessions.find((s) => s.device === device && this.knownLive(s));
  }

  /** The SAML application's session request without any cookie: a session that never authenticated. */
  async probeSamlWithoutSession(): Promise<SessionState> {
    if (!this.target.samlSession && this.target.signIn !== 'saml')
      throw new HarnessError('this scenario needs systems.sap-mobile-services.samlSession; tag it @needs:samlSession');
    return this.#probe(this.#samlApp, undefined);
  }

  /** Shows the session live on its cookie alone, the premise of every check that a logout ended it. */
  async proveLive(session: SapSession): Promise<void> {
    // A probe that showed it live, with no logout sent since, needs no repeating.
    if (this.#probedLiveAt.get(session) === this.#logoutsSent && !this.#logoutsUnderWay) return;
    const state = await this.probe(session);
    if (!state.live)
      throw this.error(
        'GET',
        this.#sessionPathOf(session.app),
        `${session.label} is not live on its cookie alone (${stateText(state)}), so no logout can be shown to end it; check sessionPath and sessionCookie`,
      );
  }

  /** Shows the session dead: the premise of a logout sent for "no session" or "an ended session". */
  async proveDead(session: SapSession): Promise<void> {
    const state = await this.probe(session);
    if (state.live)
      throw this.error(
        'GET',
        this.#sessionPathOf(session.app),
        `${session.label} is live (${stateText(state)}), so the premise "no session to end" does not hold; the SAP-1 scenarios judge a logout that should have ended it`,
      );
  }

  get #cookie(): string {
    return this.target.sessionCookie ?? SESSION_COOKIE;
  }

  get #samlApp(): string {
    return this.target.samlSession?.appId ?? this.target.appId;
  }

  /** The session request of an application: sessionPath for appId, else the roleservice's Me. */
  #sessionPathOf(appId: string): string {
    if (appId === this.target.appId && this.target.sessionPath) return this.target.sessionPath;
    const app = encodeURIComponent(appId);
    return `/mobileservices/application/${app}/roleservice/application/${app}/v2/Me`;
  }

  /**
   * Every session the harness holds is logged out at the end, whatever the scenario
   * did, unless the scenario has shown it dead: a session does not come back.
   */
  #closeAtEnd(session: SapSession): void {
    this.services.cleanups.defer(
      `log out Mobile Services ${session.label}`,
      async () => {
        if (this.#shownDead.has(session)) return;
        const carrier = await this.afterRemovals();
        if (this.#removedIn.has(session)) return;
        const revoking = carrier === session && this.#tokensLeft;
        const status = await (revoking ? this.#revoking(this.logout(V2_POST, session)) : this.logout(V2_POST, session));
        if (status === 204) return;
        if (revoking) throw this.#revocationAnswered(status);
        throw new Nonconformance(`the v2 POST logout of ${session.label} answered ${status}, so it may still be open; the logout always answers 204`, {
          clause: 'SAP-3',
        });
      },
      { alongside: true },
    );
  }

  /**
   * A closing that removes something in a session (a push registration, see tidyUp):
   * the closings beside it that log out with v2 wait for it, since a v2 logout may end
   * every session of the user, the removal's own included.
   */
  removing(work: () => Promise<unknown>): Promise<unknown> {
    this.#removed = true;
    const removal = work();
    this.#removals.add(removal);
    const forget = () => void this.#removals.delete(removal);
    removal.then(forget, forget);
    return removal;
  }

  /**
   * Waits for the removals running beside this closing, and answers the session whose
   * closing revokes the user's refresh tokens, if any: the first of the user's sessions
   * known live then, none after a removal (its v1 logout may have ended them all). Its
   * v2 logout, or one in another live session of the user sent beside it, revokes every
   * refresh token of the user (SAP-6). Closings run together are all started before any
   * of them goes on past its first await, so one turn later every removal among them is
   * known; all of them are answered from one look, taken before any of them logs out.
   */
  afterRemovals(): Promise<SapSession | undefined> {
    if (this.#plan) return this.#plan;
    const plan = (async () => {
      await Promise.resolve();
      await Promise.allSettled([...this.#removals]);
      return this.#removed ? undefined : this.#ownSessions.find((s) => this.knownLive(s));
    })();
    this.#plan = plan;
    // Closings run later (one opened after its timeout) look again.
    void plan.then(() => (this.#plan = undefined));
    return plan;
  }

  /** Whether refresh tokens are left to revoke at the end: one held and not shown refused, or one granted after its timeout. */
  get #tokensLeft(): boolean {
    return this.#tokensToRevoke && (this.unrefusedTokens.size > 0 || this.#lateGrant);
  }

  /** A logout that revokes the user's refresh tokens, its failure said so. */
  async #revoking(logout: Promise<number>): Promise<number> {
    try {
      return await logout;
    } catch (err) {
      throw new Error(`the test user's refresh tokens may still be valid: ${(err as Error).message}`);
    }
  }

  #revocationAnswered(status: number): Nonconformance {
    return new Nonconformance(`the v2 POST logout revoking the test user's refresh tokens answered ${status}; it always answers 204`, { clause: 'SAP-3' });
  }

  #probe(app: string, jar: CookieJar | undefined): Promise<SessionState> {
    const path = this.#sessionPathOf(app);
    return judged(this.services.endpoints, 'GET sessionPath', this.#noSessionLogout, async () => {
      const answer = await this.http.send({ method: 'GET', path, headers: { accept: 'application/json' }, jar });
      const loginRequest = answer.headers.get(LOGIN_REQUEST_HEADER) === 'login-request';
      if (this.isDeadAnswer(answer)) return { live: false, status: answer.status, loginRequest };
      if (answer.status === 200) return { live: true, status: answer.status, loginRequest };
      requireTheSystems('sap-mobile-services', `GET ${this.http.url(path)}`, answer, 'json');
      throw new UndocumentedAnswer(
        'sap-mobile-services',
        `GET ${this.http.url(path)}`,
        `the session probe answered ${answer.status}, neither 200 nor 401; check sessionPath`,
      );
    });
  }

  /**
   * The control of the session requests (verdicts.ts judged): a v2 logout sent with
   * no session, which the documents answer 204 (every variant, always). It names no
   * session, so it ends nothing.
   */
  readonly #noSessionLogout: Control = {
    what: 'POST /mobileservices/sessions/v2/logout with no session, documented 204',
    run: async () => {
      const status = await this.logout(V2_POST);
      if (status !== 204) throw new Error(`answered ${status}`);
    },
  };

  /** The headers a client SDK sends on every request but a logout. */
  smpHeaders(device: string): Record<string, string> {
    return { 'x-smp-appid': this.target.appId, 'x-smp-deviceid': device };
  }

  /**
   * Signs the test user in. Authenticated means 200 with the session cookie and
   * without the SAML login request: a SAML application answers an unauthenticated
   * request with 200 too, and may set a cookie for the flow it starts.
   */
  open(device: string, account: Account = this.user, whose = ''): Promise<SapSession> {
    return judged(this.services.endpoints, 'GET sessionPath (sign-in)', this.#noSessionLogout, () => this.#openOnce(device, account, whose));
  }

  async #openOnce(device: string, account: Account, whose: string): Promise<SapSession> {
    if (this.target.signIn === 'saml') {
      const path = this.#sessionPathOf(this.target.appId);
      const jar = await samlSignIn(this.services, this.http, this.target, { path, account, headers: this.smpHeaders(device), cookie: this.#cookie });
      return new SapSession(`session ${++this.#opened}${whose}`, device, jar, this.target.appId);
    }
    if (this.target.signIn !== 'oauth') return this.#signIn(device, account, whose, basicAuthorization(account.username, account.password));
    // An OAuth application takes an access token of its server; one this scenario holds
    // already is used again, and a new one granted if the application no longer takes it.
    const token = await this.oauth.accessToken(account, device);
    try {
      return await this.#signIn(device, account, whose, `Bearer ${token.value}`);
    } catch (err) {
      if (!token.reused || !(err instanceof TargetError)) throw err;
      return this.#signIn(device, account, whose, `Bearer ${(await this.oauth.accessToken(account, device, true)).value}`);
    }
  }

  async #signIn(device: string, account: Account, whose: string, authorization: string): Promise<SapSession> {
    const jar = new CookieJar();
    const path = this.#sessionPathOf(this.target.appId);
    const { username } = account;
    // Numbered as asked, not as answered: sessions opened together keep their names whatever answers first.
    const label = `session ${++this.#opened}${whose}`;
    const answer = await this.http.send({
      method: 'GET',
      path,
      headers: { authorization, accept: 'application/json', ...this.smpHeaders(device) },
      jar,
      authentication: HARMLESS_AUTH_FIELDS,
      // A session opened after the timeout is logged out before the run ends.
      onLateAnswer: (late) => {
        if (late.status === 200 && jar.has(this.#cookie))
          this.#closeAtEnd(new SapSession(`${label} (opened after its timeout)`, device, jar, this.target.appId));
      },
    });
    if (answer.headers.get(LOGIN_REQUEST_HEADER) === 'login-request') {
      throw this.error(
        'GET',
        path,
        `no session: the sign-in was answered ${answer.status} with the SAML login request, so the application is secured with SAML and takes no password; set signIn to "saml" (the harness then signs in through the IdP's login form)`,
      );
    }
    // The application's own 5xx (not a gateway's) is judged by the one rule; a refusal is the targets file's.
    if (answer.status >= 500 && !notTheSystems(answer, 'json'))
      throw new UndocumentedAnswer('sap-mobile-services', `GET ${this.http.url(path)}`, `no session for ${username}: answered ${answer.status}`);
    if (answer.status !== 200 || !jar.has(this.#cookie)) {
      throw this.error(
        'GET',
        path,
        `no session for ${username}: answered ${answer.status}${jar.has(this.#cookie) ? '' : ` without a ${this.#cookie} cookie`}; check appId, that user's credentials and sessionCookie`,
      );
    }
    return new SapSession(label, device, jar, this.target.appId);
  }

  /**
   * A clean-up's logout, in a session opened for it unless one of the device known
   * live is given; answers the logout's status. It is the last chance to remove what
   * the scenario left on the server, so one failed sign-in is retried.
   */
  async tidyUp(device: string, variant: LogoutVariant, live?: SapSession): Promise<number> {
    let session = live;
    try {
      session ??= await this.open(device);
    } catch (err) {
      if (!(err instanceof TargetError)) throw err;
      session = await this.open(device);
    }
    const status = await this.#logout(variant, session);
    if (variant.version === 'v1' && status !== 204) throw new Error(`the v1 POST logout answered ${status}`);
    // A session of the scenario's, logged out at the end: its own closing is done.
    if (session === live && status === 204) this.#removedIn.add(session);
    return status;
  }

  /**
   * Refresh tokens outlive sessions: once a scenario holds one, a last v2 logout, in a
   * session of its own, revokes every one of the test user's at the end; `late`: for a
   * token granted after its timeout, once more.
   */
  revokeTokensAtTheEnd(late = false): void {
    if (late) this.#lateGrant = true;
    // A token granted after its timeout may come when the scenario's clean-ups have run: it gets a revocation of its own.
    if (this.#tokensToRevoke && !late) return;
    this.#tokensToRevoke = true;
    const label = `revoke the Mobile Services test user's refresh tokens${late ? ' (one was granted after its timeout)' : ''}`;
    this.services.cleanups.defer(
      label,
      async () => {
        // Every token held shown refused already: nothing left to revoke.
        if (!this.#tokensLeft) return;
        // The closing of a session known live revokes them (see afterRemovals); never one for a token granted after its timeout.
        if ((await this.afterRemovals()) && !late) return;
        const status = await this.#revoking(this.tidyUp(this.newDevice(), V2_POST));
        if (status !== 204) throw this.#revocationAnswered(status);
      },
      { alongside: true },
    );
  }

  error(method: string, path: string, cause: string): TargetError {
    return new TargetError('sap-mobile-services', `${method} ${this.http.url(path)}`, cause);
  }
}
