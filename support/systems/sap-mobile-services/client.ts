import { CookieJar } from '../../http/cookie-jar.ts';
import { TargetError } from '../../http/errors.ts';
import type { HttpAnswer, HttpClient } from '../../http/client.ts';
import { redactor } from '../../http/redact.ts';
import type { ScenarioServices, TargetConfig } from '../system.ts';

export interface SapMobileServicesTarget extends TargetConfig {
  /** The Mobile Services application id (X-SMP-APPID). */
  readonly appId: string;
  /** A dedicated test user of the application. */
  readonly username: string;
  readonly password: string;
  /** The request that opens a session; default `/mobileservices/application/{appId}/roleservice/application/{appId}/v2/Me`. */
  readonly sessionPath?: string;
  /** Default JSESSIONID. */
  readonly sessionCookie?: string;
  /** How the application answers a dead session: 401 (Basic/OAuth, default) or saml (200 + login-request). */
  readonly deadSession?: '401' | 'saml';
  /** Default /oauth2/api/v1/token. */
  readonly tokenPath?: string;
  /** The OAuth client id of the application; default the app id. */
  readonly clientId?: string;
  /** The push platform the test devices register for; default android. */
  readonly os?: string;
}

export type LogoutVariant = { readonly version: 'v1' | 'v2'; readonly method: 'POST' | 'DELETE' };

export const LOGIN_REQUEST_HEADER = 'com.sap.cloud.security.login';

const LOGOUT_PATHS = {
  'v1 POST': '/mobileservices/sessions/logout',
  'v1 DELETE': '/mobileservices/sessions',
  'v2 POST': '/mobileservices/sessions/v2/logout',
  'v2 DELETE': '/mobileservices/sessions/v2',
} as const;

export class SapSession {
  readonly label: string;
  readonly device: string;
  readonly jar: CookieJar;
  ended = false;
  constructor(label: string, device: string, jar: CookieJar) {
    this.label = label;
    this.device = device;
    this.jar = jar;
  }
}

/** How the probe saw a session, with the wire facts that decided it. */
export interface SessionState {
  readonly live: boolean;
  readonly status: number;
  readonly loginRequest: boolean;
}

/** SAP Mobile Services: sessions, the four logouts, push registrations and refresh tokens. */
export class SapMobileServicesClient {
  readonly #http: HttpClient;
  readonly #target: SapMobileServicesTarget;
  readonly #services: ScenarioServices;
  #opened = 0;
  #revokesTokens = false;

  constructor(services: ScenarioServices, target: SapMobileServicesTarget) {
    this.#http = services.http;
    this.#target = target;
    this.#services = services;
    redactor.register(target.password);
  }

  /** How the target is configured to answer a dead session. */
  get deadSessionStyle(): '401' | 'saml' {
    return this.#target.deadSession ?? '401';
  }

  get #cookie(): string {
    return this.#target.sessionCookie ?? 'JSESSIONID';
  }

  get #sessionPath(): string {
    const app = encodeURIComponent(this.#target.appId);
    return this.#target.sessionPath ?? `/mobileservices/application/${app}/roleservice/application/${app}/v2/Me`;
  }

  /** Opens a session for a device with the test user's credentials; its logout is registered at once. */
  async openSession(device = 'conformance-device-1'): Promise<SapSession> {
    const session = await this.#open(device);
    // v2 also revokes the refresh tokens the scenario obtained for the test user.
    this.#services.cleanups.defer(`log out Mobile Services ${session.label}`, () => (session.ended ? undefined : this.logout({ version: 'v2', method: 'POST' }, session)));
    return session;
  }

  async #open(device: string): Promise<SapSession> {
    const jar = new CookieJar();
    const basic = Buffer.from(`${this.#target.username}:${this.#target.password}`).toString('base64');
    redactor.register(basic);
    const answer = await this.#http.send({
      method: 'GET',
      path: this.#sessionPath,
      headers: { authorization: `Basic ${basic}`, 'x-smp-appid': this.#target.appId, 'x-smp-deviceid': device, accept: 'application/json' },
      jar,
    });
    if (answer.status !== 200 || !jar.has(this.#cookie)) {
      throw new TargetError('sap-mobile-services', `GET ${this.#http.url(this.#sessionPath)}`, `no session: answered ${answer.status}${jar.has(this.#cookie) ? '' : ` without a ${this.#cookie} cookie`}; check appId, credentials and sessionCookie`);
    }
    return new SapSession(`session ${++this.#opened}`, device, jar);
  }

  /** One of the four logouts, sent with the session cookie only — no credentials, no X-SMP-* headers. */
  async logout(variant: LogoutVariant, session?: SapSession): Promise<number> {
    const answer = await this.#http.send({
      method: variant.method,
      path: LOGOUT_PATHS[`${variant.version} ${variant.method}`],
      // A copy: the answer expires the cookie, and the session keeps it so a probe can show it no longer works.
      jar: session?.jar.clone(),
    });
    if (session && answer.status === 204) session.ended = true;
    return answer.status;
  }

  /** A logout with a cookie naming no session the server knows. */
  async logoutWithUnknownCookie(variant: LogoutVariant): Promise<number> {
    const jar = new CookieJar();
    jar.set(this.#cookie, 'c0ffee00c0ffee00c0ffee00c0ffee00');
    const answer = await this.#http.send({ method: variant.method, path: LOGOUT_PATHS[`${variant.version} ${variant.method}`], jar });
    return answer.status;
  }

  /** The session request with the cookie alone: live, or dead as 401 or as the SAML login request. */
  async probe(session: SapSession): Promise<SessionState> {
    const answer = await this.#http.send({ method: 'GET', path: this.#sessionPath, headers: { accept: 'application/json' }, jar: session.jar.clone() });
    const loginRequest = answer.headers.get(LOGIN_REQUEST_HEADER) === 'login-request';
    if (answer.status === 401 || loginRequest) return { live: false, status: answer.status, loginRequest };
    if (answer.status === 200) return { live: true, status: 200, loginRequest };
    throw new TargetError('sap-mobile-services', `GET ${this.#http.url(this.#sessionPath)}`, `the session probe answered ${answer.status}, neither 200 nor 401; check sessionPath`);
  }

  #pushPath(device: string): string {
    return `/mobileservices/push/v1/runtime/applications/${encodeURIComponent(this.#target.appId)}/os/${encodeURIComponent(this.#target.os ?? 'android')}/devices/${encodeURIComponent(device)}`;
  }

  /** Registers the session's device for push; answers the status. */
  async registerDevice(session: SapSession): Promise<number> {
    const answer = await this.#http.send({
      method: 'POST',
      path: this.#pushPath(session.device),
      headers: { 'content-type': 'application/json', 'x-smp-appid': this.#target.appId, 'x-smp-deviceid': session.device },
      body: JSON.stringify({ DeviceModel: 'conformance harness', FormFactor: 'phone' }),
      jar: session.jar,
    });
    return answer.status;
  }

  /** Whether a device's push registration exists, read through a live session of the same user. */
  async isRegistered(reader: SapSession, device: string): Promise<boolean> {
    const path = this.#pushPath(device);
    const answer = await this.#http.send({ method: 'GET', path, headers: { accept: 'application/json', 'x-smp-appid': this.#target.appId }, jar: reader.jar });
    if (answer.status === 200) return true;
    if (answer.status === 404) return false;
    throw new TargetError('sap-mobile-services', `GET ${this.#http.url(path)}`, `reading a push registration answered ${answer.status}`);
  }

  /** A refresh token for a device, by the password grant. */
  async refreshToken(device: string): Promise<string> {
    const answer = await this.#token(device, { grant_type: 'password', username: this.#target.username, password: this.#target.password });
    const token = this.#field(answer, 'refresh_token');
    if (answer.status !== 200 || !token) throw new TargetError('sap-mobile-services', `POST ${this.#http.url(this.#tokenPath)}`, `the password grant answered ${answer.status}${token ? '' : ' without a refresh_token'}`);
    redactor.register(token, this.#field(answer, 'access_token'));
    if (!this.#revokesTokens) {
      this.#revokesTokens = true;
      // Whatever the scenario did with its sessions, a last v2 logout revokes every token it obtained.
      this.#services.cleanups.defer('revoke the Mobile Services test user\'s refresh tokens', async () => {
        await this.logout({ version: 'v2', method: 'POST' }, await this.#open('conformance-cleanup'));
      });
    }
    return token;
  }

  /** Uses a refresh token: its status and OAuth error, if any. */
  async useRefreshToken(token: string, device: string): Promise<{ status: number; error: string | undefined }> {
    const answer = await this.#token(device, { grant_type: 'refresh_token', refresh_token: token });
    redactor.register(this.#field(answer, 'refresh_token'), this.#field(answer, 'access_token'));
    return { status: answer.status, error: this.#field(answer, 'error') };
  }

  get #tokenPath(): string {
    return this.#target.tokenPath ?? '/oauth2/api/v1/token';
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
    try {
      const value = (JSON.parse(answer.body) as Record<string, unknown>)[name];
      return typeof value === 'string' ? value : undefined;
    } catch {
      throw new TargetError('sap-mobile-services', `POST ${this.#http.url(this.#tokenPath)}`, `the token endpoint answered ${answer.status} with a body that is not JSON`);
    }
  }
}
