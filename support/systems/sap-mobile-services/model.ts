import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';
import type { Defect, Variation } from '../system.ts';
import { AuthorizationServer, type OAuthClient } from './authorization-server.ts';
import { SamlFederation } from './idp.ts';
import type { DeadSessionStyle, LogoutMethod, LogoutVersion } from './vocabulary.ts';

export const defects = {
  'session-survives-logout': { clause: 'SAP-1', description: 'logout answers 204 but the session keeps authorizing requests' },
  'delete-v2-keeps-tokens': { clause: 'SAP-2', description: 'the v2 DELETE ends the session but, unlike the v2 POST, revokes no refresh token' },
  'delete-v1-keeps-push-registrations': {
    clause: 'SAP-2',
    description: 'the v1 DELETE ends the session but, unlike the v1 POST, leaves the push registrations',
  },
  'no-session-answers-401': { clause: 'SAP-3', description: 'a logout without a live session answers 401 instead of 204' },
  'logout-demands-credentials': { clause: 'SAP-4', description: 'a logout without an Authorization header answers 401 and ends nothing' },
  'logout-demands-smp-headers': { clause: 'SAP-4', description: 'a logout without X-SMP-APPID and X-SMP-DEVICEID answers 400 and ends nothing' },
  'push-registrations-kept': { clause: 'SAP-5', description: "v1 logout leaves the user's push registrations in place" },
  'v1-removes-this-device-only': {
    clause: 'SAP-5',
    description: "v1 logout removes the push registration of the session's own device only, not those of the user's other devices",
  },
  'revokes-this-device-only': { clause: 'SAP-6', description: "v2 logout revokes only the refresh tokens issued to the session's own device" },
  'revokes-this-client-only': {
    clause: 'SAP-6',
    description:
      'v2 logout revokes only the refresh tokens issued to the OAuth client the session was signed in with, not those of the same user at other clients',
  },
  'saml-dead-session-looks-live': { clause: 'SAP-7', description: 'a SAML application answers a dead session with 200 and no login-request header' },
  'saml-logout-keeps-session': {
    clause: 'SAP-7',
    description: 'on a SAML application a logout answers 204 but the session stays live (SAP-1 too, where the harness signs in through the IdP)',
  },
} as const satisfies Record<string, Defect>;

/** What a real Mobile Services may do that its documents leave open; the suite must read each as conformant. */
export const variations = {
  'logout-sets-no-cookie': { description: 'logouts answer a bare 204, without expiring the session cookie' },
  'extra-cookies': {
    description: 'the session request also sets a routing cookie, and the session cookie carries more attributes (SameSite, a narrower Path)',
  },
  'dead-session-401-body': { description: 'a dead session on a Basic/OAuth application answers 401 with a JSON body and a Bearer challenge' },
  'v2-ends-every-session': { description: 'the v2 logout ends every session of the user ("invalidate the sessions"), not only the one its cookie names' },
  'v1-ends-every-session': { description: 'the v1 logout ends every session of the user, not only the one its cookie names' },
  'logout-extra-headers': { description: 'logouts answer 204 with headers of their own (Cache-Control, a correlation id, a vendor header)' },
  'login-request-bare': { description: "a SAML application's login request comes without a body or Content-Type, the header alone" },
  'v1-revokes-refresh-tokens': { description: "the v1 logout also revokes the user's refresh tokens" },
  'refresh-keeps-token': { description: 'a refresh grant issues no new refresh token; the one used stays valid (RFC 6749, 6)' },
  'revoked-token-401': { description: 'a revoked refresh token is refused with 401 invalid_token, as UAA-style servers do' },
  'token-answer-extras': {
    description: 'token answers carry more fields (scope, a signed id_token, a gateway session handle), JSON with whitespace and a charset parameter',
  },
  'registration-answers-200': { description: 'a push registration answers 200 with a body of its own shape, and its read-back has another shape again' },
} as const satisfies Record<string, Variation>;

export type SapDefect = keyof typeof defects;
export type SapVariation = keyof typeof variations;

interface Session {
  readonly user: string;
  /** The application the session was opened for. */
  readonly app: string;
  readonly device: string | undefined;
  /** The OAuth client whose access token opened the session; undefined for a Basic sign-in (the application is its client). */
  readonly client: string | undefined;
  ended: boolean;
}

/**
 * SAP Mobile Services as its logout documents describe it, and nothing of HTTP:
 * cookie-identified sessions, push registrations per user and device, refresh
 * tokens per user across devices and clients (its authorization server, `oauth`),
 * and how a dead session answers: 401 on a Basic/OAuth application, the login
 * request on a SAML one. The server hosts any number of applications; those named
 * SAML take no credentials, their sessions come from the browser flow (here:
 * `openSession` called by the simulator itself); those named OAuth take an access
 * token of its authorization server instead of a password.
 */
export class SapMobileServicesModel {
  readonly #clock: Clock;
  readonly #defects: ReadonlySet<string>;
  readonly #variations: ReadonlySet<string>;
  readonly #users: Readonly<Record<string, string>>;
  readonly #samlApps: ReadonlySet<string>;
  readonly #oauthApps: ReadonlySet<string>;
  readonly #sessions = new Map<string, Session>();
  /** user → device id → its push registration */
  readonly #registrations = new Map<string, Map<string, { readonly os: string; readonly at: number }>>();
  /** The authorization server: clients, codes, access tokens and every refresh token. */
  readonly oauth: AuthorizationServer;
  /** The IdP and the SAML applications' service providers: where a SAML application's sessions come from. */
  readonly saml: SamlFederation;
  #serial = 0;
  #flows = 0;

  constructor(
    clock: Clock,
    options: {
      defects?: ReadonlySet<string>;
      variations?: ReadonlySet<string>;
      users: Readonly<Record<string, string>>;
      samlApps?: readonly string[];
      oauthApps?: readonly string[];
      /** The OAuth clients of the applications, by client id. */
      clients?: Readonly<Record<string, OAuthClient>>;
    },
  ) {
    this.#clock = clock;
    this.#defects = options.defects ?? new Set();
    this.#variations = options.variations ?? new Set();
    this.#users = options.users;
    this.#samlApps = new Set(options.samlApps);
    this.#oauthApps = new Set(options.oauthApps);
    this.oauth = new AuthorizationServer(clock, {
      clients: options.clients ?? {},
      authenticate: (user, password) => this.authenticate(user, password),
      rotates: () => !this.varies('refresh-keeps-token'),
    });
    this.saml = new SamlFederation(clock);
  }

  has(defect: SapDefect): boolean {
    return this.#defects.has(defect);
  }

  varies(variation: SapVariation): boolean {
    return this.#variations.has(variation);
  }

  // Read-outs.

  /** How the application answers a dead session: SAML applications with the login request, the others 401. */
  deadSessionStyleOf(app: string): DeadSessionStyle {
    return this.#samlApps.has(app) ? 'saml' : '401';
  }

  /** Whether the application signs its users in with OAuth access tokens (a Bearer on the session request) rather than a password. */
  isOAuthApp(app: string): boolean {
    return this.#oauthApps.has(app);
  }

  /** Sessions not ended and refresh tokens not revoked (for the leak checks). */
  get openSessions(): number {
    return [...this.#sessions.values()].filter((s) => !s.ended).length + this.oauth.liveRefreshTokens;
  }

  /** Push registrations the server holds, all users together. */
  get pushRegistrations(): number {
    return [...this.#registrations.values()].reduce((n, devices) => n + devices.size, 0);
  }

  // Operations: what the services do.

  authenticate(user: string, password: string): boolean {
    return Object.hasOwn(this.#users, user) && this.#users[user] === password;
  }

  /** A new session of an authenticated user with an application (through an OAuth client's access token, when named); answers its id, the cookie value. */
  openSession(user: string, app: string, device: string | undefined, client?: string): string {
    const id = opaqueId('sap-mobile-services:session', ++this.#serial);
    this.#sessions.set(id, { user, app, device, client, ended: false });
    return id;
  }

  /** The cookie a SAML application sets as its browser flow starts: a session, but not an authenticated one. */
  startSamlFlow(): string {
    return opaqueId('sap-mobile-services:saml-flow', ++this.#flows);
  }

  /** The user a live session belongs to (with that application, when one is named), or undefined. */
  userOf(sessionId: string | undefined, app?: string): string | undefined {
    const session = this.#live(sessionId);
    return session && (app === undefined || session.app === app) ? session.user : undefined;
  }

  /** Registers a device of the session's user for push; false when the session is dead. */
  register(sessionId: string | undefined, deviceId: string, os: string): boolean {
    const session = this.#live(sessionId);
    if (!session) return false;
    const devices = this.#registrations.get(session.user) ?? new Map();
    devices.set(deviceId, { os, at: this.#clock.now() });
    this.#registrations.set(session.user, devices);
    return true;
  }

  /** A device's push registration as the session's user sees it; 'dead' when the session is. */
  registration(sessionId: string | undefined, deviceId: string): { readonly os: string } | undefined | 'dead' {
    const session = this.#live(sessionId);
    if (!session) return 'dead';
    return this.#registrations.get(session.user)?.get(deviceId);
  }

  /** Ends the session the cookie names, with what its version takes along. There may be nothing to end. */
  logout(version: LogoutVersion, method: LogoutMethod, sessionId: string | undefined): void {
    const session = this.#live(sessionId);
    if (!session) return;
    const survives = this.has('session-survives-logout') || (this.has('saml-logout-keeps-session') && this.#samlApps.has(session.app));
    if (!survives) session.ended = true;
    if (version === 'v1') {
      if (this.varies('v1-ends-every-session') && !survives) this.#endEverySession(session.user);
      if (this.varies('v1-revokes-refresh-tokens')) this.#revokeTokens(session);
      if (this.has('push-registrations-kept') || (method === 'DELETE' && this.has('delete-v1-keeps-push-registrations'))) return;
      if (this.has('v1-removes-this-device-only')) {
        if (session.device !== undefined) this.#registrations.get(session.user)?.delete(session.device);
        return;
      }
      this.#registrations.delete(session.user);
      return;
    }
    if (this.varies('v2-ends-every-session') && !survives) this.#endEverySession(session.user);
    if (method === 'DELETE' && this.has('delete-v2-keeps-tokens')) return;
    this.#revokeTokens(session);
  }

  #endEverySession(user: string): void {
    for (const other of this.#sessions.values()) if (other.user === user) other.ended = true;
  }

  #revokeTokens(session: Session): void {
    const caller = session.client ?? session.app;
    this.oauth.revoke(
      session.user,
      (token) =>
        !(this.has('revokes-this-device-only') && token.device !== session.device) && !(this.has('revokes-this-client-only') && token.client !== caller),
    );
  }

  #live(sessionId: string | undefined): Session | undefined {
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId);
    return session && !session.ended ? session : undefined;
  }
}
