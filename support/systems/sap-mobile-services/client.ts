import { CookieJar } from '../../http/cookie-jar.ts';
import { TargetError } from '../../http/errors.ts';
import { HarnessError, judged, Nonconformance, notTheSystems, UndocumentedAnswer } from '../../verdicts.ts';
import { basicAuthorization, type HttpAnswer, type HttpClient } from '../../http/client.ts';
import { redactor } from '../../http/redact.ts';
import { accountOf, type Account } from '../accounts.ts';
import type { ScenarioServices, TargetConfig } from '../system.ts';
import {
  HARMLESS_AUTH_FIELDS,
  LOGIN_REQUEST_HEADER,
  LOGOUT_PATHS,
  SESSION_COOKIE,
  type DeadSessionStyle,
  type LogoutMethod,
  type LogoutVersion,
} from './vocabulary.ts';

export interface SapMobileServicesTarget extends TargetConfig {
  /** The Mobile Services application id, sent as X-SMP-APPID. */
  readonly appId: string;
  /** A test user of the application, dedicated to conformance runs: v2 logouts revoke all its refresh tokens. */
  readonly username: string;
  readonly password: string;
  /** Further test users of the same rights: with `username`, the pool scenarios are given theirs from. */
  readonly moreUsers?: readonly Account[];
  /** The request whose answer sets the session cookie; default `/mobileservices/application/{appId}/roleservice/application/{appId}/v2/Me`. */
  readonly sessionPath?: string;
  /** The session cookie's name; default `JSESSIONID`. */
  readonly sessionCookie?: string;
  /** How the application answers a dead session: `401` (Basic/OAuth, the default) or `saml` (200 + `com.sap.cloud.security.login: login-request`). */
  readonly deadSession?: DeadSessionStyle;
  /** A live session of a SAML application, from the browser flow the harness cannot do; one scenario ends it. */
  readonly samlSession?: {
    /** The `Cookie` header the browser sends with it. */
    readonly cookie: string;
    /** Its application, when not `appId`. */
    readonly appId?: string;
  };
  /** Default `/oauth2/api/v1/token`. */
  readonly tokenPath?: string;
  /** The OAuth client id of the application; default the app id. */
  readonly clientId?: string;
  /** The push platform the test devices register for; default `android`. */
  readonly os?: 'ios' | 'android' | 'windows' | 'baidu' | 'w3cpushapi';
}

export interface LogoutVariant {
  readonly version: LogoutVersion;
  readonly method: LogoutMethod;
}

const V1_POST: LogoutVariant = { version: 'v1', method: 'POST' };
const V2_POST: LogoutVariant = { version: 'v2', method: 'POST' };
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

/** A refresh token and the device it was issued to. */
export interface HeldRefreshToken {
  readonly value: string;
  readonly device: string;
}

/** How the probe saw a session, with the wire facts that decided it. */
export interface SessionState {
  readonly live: boolean;
  readonly status: number;
  readonly loginRequest: boolean;
}

export interface RefreshAnswer {
  /** A new access token was issued. */
  readonly usable: boolean;
  readonly status: number;
  /** The OAuth `error` of a refusal. */
  readonly error: string | undefined;
  /** The refresh token to hold from now on: the one rotated in, or the one used. */
  readonly next: HeldRefreshToken;
}

/** A session state in words, true to what the probe saw. */
export const stateText = ({ live, status, loginRequest }: SessionState): string =>
  `${live ? 'live' : 'dead'} (${status}${loginRequest ? ' with the login request' : ''})`;

/** What one logout did, in words a report can compare. */
export interface LogoutEffect {
  readonly status: number;
  readonly session: 'ended' | 'live';
  readonly pushRegistration: 'removed' | 'kept';
  readonly refreshToken: 'refused' | 'usable';
}

/** SAP Mobile Services: sessions, the four logouts, push registrations and refresh tokens. */
export class SapMobileServicesClient {
  /** Sessions a probe has shown dead: nothing left for the clean-up to end. */
  readonly #shownDead = new WeakSet<SapSession>();
  readonly #http: HttpClient;
  readonly #target: SapMobileServicesTarget;
  readonly #services: ScenarioServices;
  #opened = 0;
  #devices = 0;
  #tokensToRevoke = false;
  /** Devices whose push registration the harness made and has not seen gone. */
  readonly #registered = new Set<string>();

  constructor(services: ScenarioServices, target: SapMobileServicesTarget) {
    this.#http = services.http;
    this.#target = target;
    this.#services = services;
    for (const { password } of testUsers(target)) redactor.register(password);
  }

  /** The test user this scenario was given, from the pool of `username` and `moreUsers`. */
  get #user(): Account {
    return accountOf(testUsers(this.#target), this.#services.units('user'), 0, 'Mobile Services test user');
  }

  /** How the target is configured to answer a dead session. */
  get deadSessionStyle(): DeadSessionStyle {
    return this.#target.deadSession ?? '401';
  }

  /** A device id of the test user not used before in this scenario. */
  newDevice(): string {
    // A push registration is the application's and the device's: scenarios beside each other, as other users, use devices of their own.
    const unit = this.#services.units('user')[0];
    return `conformance-device-${unit ? `u${unit}-` : ''}${++this.#devices}`;
  }

  /**
   * Opens a session with the test user's credentials, for a new device unless one is
   * named, and shows it authenticated (see #open); its logout is registered at once.
   */
  async openSession(device = this.newDevice()): Promise<SapSession> {
    const session = await this.#open(device);
    this.#closeAtEnd(session);
    return session;
  }

  /** The SAML session the targets file hands in (samlSession); its logout is registered at once. */
  handedInSession(): SapSession {
    const handed = this.#target.samlSession;
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
    const session = this.handedInSession();
    return (await this.probe(session)).live ? session : undefined;
  }

  /** A cookie naming a session no server issued, shown refused by the session request. */
  async refusedSession(): Promise<SapSession> {
    const jar = new CookieJar();
    jar.set(this.#cookie, UNKNOWN_SESSION_ID);
    const session = new SapSession('a session no server issued', this.newDevice(), jar, this.#target.appId);
    await this.proveDead(session);
    return session;
  }

  /**
   * One of the four logouts, sent with the session cookie only — no credentials, no
   * X-SMP-* headers, as the document allows. Without a session, no cookie at all.
   */
  async logout(variant: LogoutVariant, session?: SapSession): Promise<number> {
    // A copy: the answer may expire the cookie, and the session keeps it so a probe can show it no longer works.
    const path = LOGOUT_PATHS[`${variant.version} ${variant.method}`];
    const answer = await this.#http.send({ method: variant.method, path, jar: session?.jar.clone() });
    // A gateway's status is never the logout's answer.
    const foreign = notTheSystems(answer);
    if (foreign) throw this.#error(variant.method, path, foreign);
    return answer.status;
  }

  /**
   * The session request with the session cookie alone. Dead: 401, or 200 with the
   * SAML login request; live: 200 without it. Anything else is a broken probe.
   */
  async probe(session: SapSession): Promise<SessionState> {
    const state = await this.#probe(session.app, session.jar.clone());
    if (!state.live) this.#shownDead.add(session);
    return state;
  }

  /** The SAML application's session request without any cookie: a session that never authenticated. */
  async probeSamlWithoutSession(): Promise<SessionState> {
    if (!this.#target.samlSession) throw new HarnessError('this scenario needs systems.sap-mobile-services.samlSession; tag it @needs:samlSession');
    return this.#probe(this.#samlApp, undefined);
  }

  /** Shows the session live on its cookie alone, the premise of every check that a logout ended it. */
  async proveLive(session: SapSession): Promise<void> {
    const state = await this.probe(session);
    if (!state.live)
      throw this.#error(
        'GET',
        this.#sessionPathOf(session.app),
        `${session.label} is not live on its cookie alone (${stateText(state)}), so no logout can be shown to end it; check sessionPath and sessionCookie`,
      );
  }

  /** Shows the session dead: the premise of a logout sent for "no session" or "an ended session". */
  async proveDead(session: SapSession): Promise<void> {
    const state = await this.probe(session);
    if (state.live)
      throw this.#error(
        'GET',
        this.#sessionPathOf(session.app),
        `${session.label} is live (${stateText(state)}), so the premise "no session to end" does not hold; the SAP-1 scenarios judge a logout that should have ended it`,
      );
  }

  /**
   * Registers the session's device for push and reads the registration back, so a
   * later "gone" can be believed. A v1 logout in a session of that device removes it
   * again at the end of the scenario, whatever the scenario did. The documents give
   * the registration's path, not its body: a made-up one does for a test device, and
   * an answer that is not a success is a broken target, never a finding.
   */
  async registerDevice(session: SapSession): Promise<void> {
    const path = this.#pushPath(session.device);
    const answer = await this.#http.send({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...this.#smpHeaders(session.device) },
      // The registration body is not in the documents this harness encodes; a made-up push token does for a test device.
      body: JSON.stringify({ pushToken: `conformance-push-token-${session.device}`, formFactor: 'phone', deviceModel: 'logout conformance harness' }),
      jar: session.jar,
    });
    if (answer.status < 200 || answer.status > 299)
      throw this.#error('POST', path, `the push registration answered ${answer.status}; check appId, os and the push rights of ${this.#user.username}`);
    this.#registered.add(session.device);
    this.#services.cleanups.defer(`remove the Mobile Services push registration of ${session.device}`, async () => {
      if (!this.#registered.has(session.device)) return;
      try {
        await this.#tidyUp(session.device, V1_POST);
      } catch (err) {
        throw new Error(`the push registration of ${session.device} may be left on the server: ${(err as Error).message}`);
      }
    });
    if (!(await this.#readRegistration(session))) throw this.#error('GET', path, 'the push registration just made cannot be read back');
  }

  /** Whether a device's push registration still exists, read in a new session of that device. */
  async isRegistered(device: string): Promise<boolean> {
    return this.#readRegistration(await this.openSession(device));
  }

  /** A refresh token for a device (a new one unless named), by the password grant. */
  async refreshToken(device = this.newDevice()): Promise<HeldRefreshToken> {
    // A token granted after the timeout is revoked before the run ends.
    const late = (answer: HttpAnswer) =>
      void (answer.status === 200 && this.#revokeAtTheEnd("revoke the Mobile Services test user's refresh tokens (one was granted after its timeout)"));
    const { username, password } = this.#user;
    const answer = await this.#token(device, { grant_type: 'password', username, password }, late);
    const value = this.#field(answer, 'refresh_token');
    redactor.register(value, this.#field(answer, 'access_token'));
    if (answer.status !== 200 || !value)
      throw this.#error(
        'POST',
        this.#tokenPath,
        `the password grant for ${username} answered ${answer.status}${value ? '' : ' without a refresh_token'}; check clientId and that user`,
      );
    if (!this.#tokensToRevoke) {
      this.#tokensToRevoke = true;
      this.#revokeAtTheEnd("revoke the Mobile Services test user's refresh tokens");
    }
    return { value, device };
  }

  /** Tokens outlive sessions: a last v2 logout, in a session of its own, revokes every one the scenario obtained. */
  #revokeAtTheEnd(label: string): void {
    this.#services.cleanups.defer(label, async () => {
      let status: number;
      try {
        status = await this.#tidyUp(this.newDevice(), V2_POST);
      } catch (err) {
        throw new Error(`the test user's refresh tokens may still be valid: ${(err as Error).message}`);
      }
      if (status !== 204)
        throw new Nonconformance(`the v2 POST logout revoking the test user's refresh tokens answered ${status}; it always answers 204`, { clause: 'SAP-3' });
    });
  }

  /**
   * A refresh grant with the token, from its device: usable (a new access token) or
   * refused (a 4xx carrying an OAuth error); any other answer is a broken target. A
   * token the answer rotates in is revoked by the clean-up too.
   */
  async useRefreshToken(token: HeldRefreshToken): Promise<RefreshAnswer> {
    const answer = await this.#token(token.device, { grant_type: 'refresh_token', refresh_token: token.value });
    const rotated = this.#field(answer, 'refresh_token');
    const access = this.#field(answer, 'access_token');
    const error = this.#field(answer, 'error');
    redactor.register(rotated, access);
    const next = rotated ? { value: rotated, device: token.device } : token;
    if (answer.status === 200 && access) return { usable: true, status: answer.status, error, next };
    if (answer.status >= 400 && answer.status < 500 && error) return { usable: false, status: answer.status, error, next };
    throw this.#error(
      'POST',
      this.#tokenPath,
      `a refresh grant answered ${answer.status}${error ? ` ${error}` : ''}, neither a new access token nor an OAuth refusal`,
    );
  }

  /** Shows each token usable before a logout is said to revoke it; answers the tokens to hold from now on. */
  async proveUsable(tokens: readonly HeldRefreshToken[]): Promise<HeldRefreshToken[]> {
    const answers = await this.useRefreshTokens(tokens);
    return answers.map((answer, i) => {
      if (!answer.usable)
        throw this.#error(
          'POST',
          this.#tokenPath,
          `the refresh token of ${tokens[i]?.device}, just issued, is refused (${answer.status} ${answer.error}), so no logout can be shown to revoke it`,
        );
      return answer.next;
    });
  }

  /** Each token used at once: they do not depend on each other. */
  useRefreshTokens(tokens: readonly HeldRefreshToken[]): Promise<RefreshAnswer[]> {
    return this.#services.together(...tokens.map((token) => () => this.useRefreshToken(token)));
  }

  /**
   * What a logout does, measured on a session of its own: a new device registered
   * for push and holding a refresh token, then the logout, then the session, the
   * registration and the token looked at again. What does not depend on each other
   * is sent together: the session with its registration beside the token grant, and
   * the three looks afterwards.
   */
  async measureLogout(variant: LogoutVariant): Promise<LogoutEffect> {
    const device = this.newDevice();
    const [session, token] = await this.#services.together(
      async () => {
        const opened = await this.openSession(device);
        await this.registerDevice(opened);
        return opened;
      },
      () => this.refreshToken(device),
    );
    const status = await this.logout(variant, session);
    const [{ live }, registered, refresh] = await this.#services.together(
      () => this.probe(session),
      () => this.isRegistered(device),
      () => this.useRefreshToken(token),
    );
    return { status, session: live ? 'live' : 'ended', pushRegistration: registered ? 'kept' : 'removed', refreshToken: refresh.usable ? 'usable' : 'refused' };
  }

  get #cookie(): string {
    return this.#target.sessionCookie ?? SESSION_COOKIE;
  }

  get #samlApp(): string {
    return this.#target.samlSession?.appId ?? this.#target.appId;
  }

  /** The session request of an application: sessionPath for appId, else the roleservice's Me. */
  #sessionPathOf(appId: string): string {
    if (appId === this.#target.appId && this.#target.sessionPath) return this.#target.sessionPath;
    const app = encodeURIComponent(appId);
    return `/mobileservices/application/${app}/roleservice/application/${app}/v2/Me`;
  }

  /**
   * Every session the harness holds is logged out at the end, whatever the scenario
   * did, unless the scenario has shown it dead: a session does not come back.
   */
  #closeAtEnd(session: SapSession): void {
    this.#services.cleanups.defer(`log out Mobile Services ${session.label}`, async () => {
      if (this.#shownDead.has(session)) return;
      const status = await this.logout(V2_POST, session);
      if (status !== 204)
        throw new Nonconformance(`the v2 POST logout of ${session.label} answered ${status}, so it may still be open; the logout always answers 204`, {
          clause: 'SAP-3',
        });
    });
  }

  #probe(app: string, jar: CookieJar | undefined): Promise<SessionState> {
    const path = this.#sessionPathOf(app);
    return judged(this.#services.endpoints, 'GET sessionPath', async () => {
      const answer = await this.#http.send({ method: 'GET', path, headers: { accept: 'application/json' }, jar });
      const loginRequest = answer.headers.get(LOGIN_REQUEST_HEADER) === 'login-request';
      if (answer.status === 401 || loginRequest) return { live: false, status: answer.status, loginRequest };
      if (answer.status === 200) return { live: true, status: answer.status, loginRequest };
      const foreign = notTheSystems(answer, 'json');
      if (foreign) throw this.#error('GET', path, foreign);
      throw new UndocumentedAnswer(
        'sap-mobile-services',
        `GET ${this.#http.url(path)}`,
        `the session probe answered ${answer.status}, neither 200 nor 401; check sessionPath`,
      );
    });
  }

  get #tokenPath(): string {
    return this.#target.tokenPath ?? '/oauth2/api/v1/token';
  }

  #pushPath(device: string): string {
    const segment = encodeURIComponent;
    return `/mobileservices/push/v1/runtime/applications/${segment(this.#target.appId)}/os/${segment(this.#target.os ?? 'android')}/devices/${segment(device)}`;
  }

  #smpHeaders(device: string): Record<string, string> {
    return { 'x-smp-appid': this.#target.appId, 'x-smp-deviceid': device };
  }

  /**
   * Signs the test user in. Authenticated means 200 with the session cookie and
   * without the SAML login request: a SAML application answers an unauthenticated
   * request with 200 too, and may set a cookie for the flow it starts.
   */
  #open(device: string): Promise<SapSession> {
    return judged(this.#services.endpoints, 'GET sessionPath (sign-in)', () => this.#openOnce(device));
  }

  async #openOnce(device: string): Promise<SapSession> {
    const jar = new CookieJar();
    const path = this.#sessionPathOf(this.#target.appId);
    const { username, password } = this.#user;
    const answer = await this.#http.send({
      method: 'GET',
      path,
      headers: { authorization: basicAuthorization(username, password), accept: 'application/json', ...this.#smpHeaders(device) },
      jar,
      authentication: HARMLESS_AUTH_FIELDS,
      // A session opened after the timeout is logged out before the run ends.
      onLateAnswer: (late) => {
        if (late.status === 200 && jar.has(this.#cookie))
          this.#closeAtEnd(new SapSession(`session ${++this.#opened} (opened after its timeout)`, device, jar, this.#target.appId));
      },
    });
    if (answer.headers.get(LOGIN_REQUEST_HEADER) === 'login-request') {
      throw this.#error(
        'GET',
        path,
        `no session: the sign-in was answered ${answer.status} with the SAML login request, so the application is secured with SAML and takes no password; set deadSession to "saml" (and hand in a browser session with samlSession)`,
      );
    }
    // The application's own 5xx (not a gateway's) is judged by the one rule; a refusal is the targets file's.
    if (answer.status >= 500 && !notTheSystems(answer, 'json'))
      throw new UndocumentedAnswer('sap-mobile-services', `GET ${this.#http.url(path)}`, `no session for ${username}: answered ${answer.status}`);
    if (answer.status !== 200 || !jar.has(this.#cookie)) {
      throw this.#error(
        'GET',
        path,
        `no session for ${username}: answered ${answer.status}${jar.has(this.#cookie) ? '' : ` without a ${this.#cookie} cookie`}; check appId, that user's credentials and sessionCookie`,
      );
    }
    return new SapSession(`session ${++this.#opened}`, device, jar, this.#target.appId);
  }

  async #readRegistration(session: SapSession): Promise<boolean> {
    const path = this.#pushPath(session.device);
    const answer = await this.#http.send({
      method: 'GET',
      path,
      headers: { accept: 'application/json', ...this.#smpHeaders(session.device) },
      jar: session.jar,
    });
    if (answer.status === 200) return true;
    if (answer.status === 404) {
      this.#registered.delete(session.device);
      return false;
    }
    throw this.#error('GET', path, `reading a push registration answered ${answer.status}, neither 200 nor 404`);
  }

  /**
   * A clean-up's logout, in a session opened for it; answers the logout's status.
   * It is the last chance to remove what the scenario left on the server, so one
   * failed sign-in is retried.
   */
  async #tidyUp(device: string, variant: LogoutVariant): Promise<number> {
    let session: SapSession;
    try {
      session = await this.#open(device);
    } catch (err) {
      if (!(err instanceof TargetError)) throw err;
      session = await this.#open(device);
    }
    const status = await this.logout(variant, session);
    if (variant.version === 'v1' && status !== 204) throw new Error(`the v1 POST logout answered ${status}`);
    return status;
  }

  #token(device: string, fields: Record<string, string>, onLateAnswer?: (answer: HttpAnswer) => void): Promise<HttpAnswer> {
    return this.#http.send({
      method: 'POST',
      path: this.#tokenPath,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-smp-deviceid': device },
      body: new URLSearchParams({ ...fields, client_id: this.#target.clientId ?? this.#target.appId }).toString(),
      authentication: HARMLESS_AUTH_FIELDS,
      ...(onLateAnswer ? { onLateAnswer } : {}),
    });
  }

  #field(answer: HttpAnswer, name: string): string | undefined {
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      throw this.#error('POST', this.#tokenPath, `the token endpoint answered ${answer.status} with a body that is not JSON`);
    }
    if (typeof body !== 'object' || body === null)
      throw this.#error('POST', this.#tokenPath, `the token endpoint answered ${answer.status} with JSON that is not an object`);
    const value = (body as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }

  #error(method: string, path: string, cause: string): TargetError {
    return new TargetError('sap-mobile-services', `${method} ${this.#http.url(path)}`, cause);
  }
}

/** The test users of a target, the pool scenarios are given theirs from. */
const testUsers = (target: SapMobileServicesTarget): Account[] => [{ username: target.username, password: target.password }, ...(target.moreUsers ?? [])];
