import { CookieJar } from '../../http/cookie-jar.ts';
import { TargetError } from '../../http/errors.ts';
import type { HttpAnswer, HttpClient } from '../../http/client.ts';
import { redactor } from '../../http/redact.ts';
import type { ScenarioServices, TargetConfig } from '../system.ts';
import type { DeadSessionStyle, LogoutMethod, LogoutVersion } from './model.ts';
import { LOGIN_REQUEST_HEADER, LOGOUT_PATHS } from './paths.ts';

export interface SapMobileServicesTarget extends TargetConfig {
  /** The Mobile Services application id, sent as X-SMP-APPID. */
  readonly appId: string;
  /** A test user of the application, dedicated to conformance runs: v2 logouts revoke all its refresh tokens. */
  readonly username: string;
  readonly password: string;
  /** The request whose answer sets the session cookie; default `/mobileservices/application/{appId}/roleservice/application/{appId}/v2/Me`. */
  readonly sessionPath?: string;
  /** The session cookie's name; default `JSESSIONID`. */
  readonly sessionCookie?: string;
  /** How the application answers a dead session: `401` (Basic/OAuth, the default) or `saml` (200 + `com.sap.cloud.security.login: login-request`). */
  readonly deadSession?: DeadSessionStyle;
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
  ended = false;
  constructor(label: string, device: string, jar: CookieJar) {
    this.label = label;
    this.device = device;
    this.jar = jar;
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
  readonly status: number;
  /** The OAuth `error` of a refusal. */
  readonly error: string | undefined;
}

/** What one logout did, in words a report can compare. */
export interface LogoutEffect {
  readonly status: number;
  readonly session: 'ended' | 'live';
  readonly pushRegistration: 'removed' | 'kept';
  readonly refreshToken: 'refused' | 'usable';
}

/** SAP Mobile Services: sessions, the four logouts, push registrations and refresh tokens. */
export class SapMobileServicesClient {
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
    redactor.register(target.password);
  }

  /** How the target is configured to answer a dead session. */
  get deadSessionStyle(): DeadSessionStyle {
    return this.#target.deadSession ?? '401';
  }

  /** A device id of the test user not used before in this scenario. */
  newDevice(): string {
    return `conformance-device-${++this.#devices}`;
  }

  /** Opens a session with the test user's credentials, for a new device unless one is named; its logout is registered at once. */
  async openSession(device = this.newDevice()): Promise<SapSession> {
    const session = await this.#open(device);
    // Always, even after a logout answered 204: that answer does not prove the session
    // ended, and a repeated logout is harmless. v2 also revokes the user's refresh tokens.
    this.#services.cleanups.defer(`log out Mobile Services ${session.label}`, async () => {
      const endedBefore = session.ended;
      const status = await this.logout(V2_POST, session);
      if (status !== 204 && !endedBefore) throw new Error(`the v2 logout answered ${status}; the session may still be open`);
    });
    return session;
  }

  /**
   * One of the four logouts, sent with the session cookie only — no credentials, no
   * X-SMP-* headers, as the document allows. Without a session, no cookie at all.
   */
  async logout(variant: LogoutVariant, session?: SapSession): Promise<number> {
    // A copy: the answer expires the cookie, and the session keeps it so a probe can show it no longer works.
    const status = await this.#logout(variant, session?.jar.clone());
    if (session && status === 204) session.ended = true;
    return status;
  }

  /** A logout whose cookie names a session the server never issued. */
  async logoutWithUnknownCookie(variant: LogoutVariant): Promise<number> {
    const jar = new CookieJar();
    jar.set(this.#cookie, UNKNOWN_SESSION_ID);
    return this.#logout(variant, jar);
  }

  /**
   * The session request with the session cookie alone. Dead: 401, or 200 with the
   * SAML login request; live: 200 without it. Anything else is a broken probe.
   */
  async probe(session: SapSession): Promise<SessionState> {
    const answer = await this.#http.send({ method: 'GET', path: this.#sessionPath, headers: { accept: 'application/json' }, jar: session.jar.clone() });
    const loginRequest = answer.headers.get(LOGIN_REQUEST_HEADER) === 'login-request';
    if (answer.status === 401 || loginRequest) return { live: false, status: answer.status, loginRequest };
    if (answer.status === 200) return { live: true, status: answer.status, loginRequest };
    throw this.#error('GET', this.#sessionPath, `the session probe answered ${answer.status}, neither 200 nor 401; check sessionPath`);
  }

  /**
   * Registers the session's device for push and reads the registration back, so a
   * later "gone" can be believed. A v1 logout in a session of that device removes it
   * again at the end of the scenario, whatever the scenario did.
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
    if (answer.status !== 200 && answer.status !== 201) throw this.#error('POST', path, `the push registration answered ${answer.status}; check appId, os and the test user's push rights`);
    this.#registered.add(session.device);
    this.#services.cleanups.defer(`remove the Mobile Services push registration of ${session.device}`, async () => {
      if (this.#registered.has(session.device)) await this.#tidyUp(session.device, V1_POST);
    });
    if (!(await this.#readRegistration(session))) throw this.#error('GET', path, 'the push registration just made cannot be read back');
  }

  /** Whether a device's push registration still exists, read in a new session of that device. */
  async isRegistered(device: string): Promise<boolean> {
    return this.#readRegistration(await this.openSession(device));
  }

  /** A refresh token for a device (a new one unless named), by the password grant. */
  async refreshToken(device = this.newDevice()): Promise<HeldRefreshToken> {
    const answer = await this.#token(device, { grant_type: 'password', username: this.#target.username, password: this.#target.password });
    const value = this.#field(answer, 'refresh_token');
    redactor.register(value, this.#field(answer, 'access_token'));
    if (answer.status !== 200 || !value) throw this.#error('POST', this.#tokenPath, `the password grant answered ${answer.status}${value ? '' : ' without a refresh_token'}; check clientId and the test user`);
    if (!this.#tokensToRevoke) {
      this.#tokensToRevoke = true;
      // Tokens outlive sessions: a last v2 logout, in a session of its own, revokes every one the scenario obtained.
      this.#services.cleanups.defer("revoke the Mobile Services test user's refresh tokens", () => this.#tidyUp(this.newDevice(), V2_POST));
    }
    return { value, device };
  }

  /** A refresh grant with the token, from its device. A token the answer rotates in is revoked by the clean-up too. */
  async useRefreshToken(token: HeldRefreshToken): Promise<RefreshAnswer> {
    const answer = await this.#token(token.device, { grant_type: 'refresh_token', refresh_token: token.value });
    redactor.register(this.#field(answer, 'refresh_token'), this.#field(answer, 'access_token'));
    return { status: answer.status, error: this.#field(answer, 'error') };
  }

  async useRefreshTokens(tokens: readonly HeldRefreshToken[]): Promise<RefreshAnswer[]> {
    const answers: RefreshAnswer[] = [];
    for (const token of tokens) answers.push(await this.useRefreshToken(token));
    return answers;
  }

  /**
   * What a logout does, measured on a session of its own: a new device registered
   * for push and holding a refresh token, then the logout, then the session, the
   * registration and the token looked at again.
   */
  async measureLogout(variant: LogoutVariant): Promise<LogoutEffect> {
    const session = await this.openSession();
    await this.registerDevice(session);
    const token = await this.refreshToken(session.device);
    const status = await this.logout(variant, session);
    const { live } = await this.probe(session);
    const registered = await this.isRegistered(session.device);
    const refresh = await this.useRefreshToken(token);
    return { status, session: live ? 'live' : 'ended', pushRegistration: registered ? 'kept' : 'removed', refreshToken: refresh.status === 200 ? 'usable' : 'refused' };
  }

  get #cookie(): string {
    return this.#target.sessionCookie ?? 'JSESSIONID';
  }

  get #sessionPath(): string {
    const app = encodeURIComponent(this.#target.appId);
    return this.#target.sessionPath ?? `/mobileservices/application/${app}/roleservice/application/${app}/v2/Me`;
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

  async #open(device: string): Promise<SapSession> {
    const jar = new CookieJar();
    const basic = Buffer.from(`${this.#target.username}:${this.#target.password}`).toString('base64');
    redactor.register(basic);
    const answer = await this.#http.send({
      method: 'GET',
      path: this.#sessionPath,
      headers: { authorization: `Basic ${basic}`, accept: 'application/json', ...this.#smpHeaders(device) },
      jar,
    });
    if (answer.status !== 200 || !jar.has(this.#cookie)) {
      throw this.#error('GET', this.#sessionPath, `no session: answered ${answer.status}${jar.has(this.#cookie) ? '' : ` without a ${this.#cookie} cookie`}; check appId, the credentials and sessionCookie`);
    }
    return new SapSession(`session ${++this.#opened}`, device, jar);
  }

  async #logout(variant: LogoutVariant, jar: CookieJar | undefined): Promise<number> {
    const answer = await this.#http.send({ method: variant.method, path: LOGOUT_PATHS[`${variant.version} ${variant.method}`], jar });
    return answer.status;
  }

  async #readRegistration(session: SapSession): Promise<boolean> {
    const path = this.#pushPath(session.device);
    const answer = await this.#http.send({ method: 'GET', path, headers: { accept: 'application/json', ...this.#smpHeaders(session.device) }, jar: session.jar });
    if (answer.status === 200) return true;
    if (answer.status === 404) {
      this.#registered.delete(session.device);
      return false;
    }
    throw this.#error('GET', path, `reading a push registration answered ${answer.status}, neither 200 nor 404`);
  }

  /**
   * A clean-up's logout, in a session opened for it. It is the last chance to remove
   * what the scenario left on the server, so one failed attempt is retried.
   */
  async #tidyUp(device: string, variant: LogoutVariant): Promise<void> {
    let session: SapSession;
    try {
      session = await this.#open(device);
    } catch (err) {
      if (!(err instanceof TargetError)) throw err;
      session = await this.#open(device);
    }
    const status = await this.logout(variant, session);
    if (status !== 204) throw new Error(`the ${variant.version} ${variant.method} logout answered ${status}`);
  }

  #token(device: string, fields: Record<string, string>): Promise<HttpAnswer> {
    return this.#http.send({
      method: 'POST',
      path: this.#tokenPath,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-smp-deviceid': device },
      body: new URLSearchParams({ ...fields, client_id: this.#target.clientId ?? this.#target.appId }).toString(),
    });
  }

  #field(answer: HttpAnswer, name: string): string | undefined {
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      throw this.#error('POST', this.#tokenPath, `the token endpoint answered ${answer.status} with a body that is not JSON`);
    }
    if (typeof body !== 'object' || body === null) throw this.#error('POST', this.#tokenPath, `the token endpoint answered ${answer.status} with JSON that is not an object`);
    const value = (body as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }

  #error(method: string, path: string, cause: string): TargetError {
    return new TargetError('sap-mobile-services', `${method} ${this.#http.url(path)}`, cause);
  }
}
