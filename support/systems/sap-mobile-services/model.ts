import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';
import type { Defect } from '../system.ts';

export const defects = {
  'session-survives-logout': { clause: 'SAP-1', description: 'logout answers 204 but the session keeps authorizing requests' },
  'delete-v2-keeps-tokens': { clause: 'SAP-2', description: 'the v2 DELETE ends the session but, unlike the v2 POST, revokes no refresh token' },
  'delete-v1-keeps-push-registrations': { clause: 'SAP-2', description: 'the v1 DELETE ends the session but, unlike the v1 POST, leaves the push registrations' },
  'no-session-answers-401': { clause: 'SAP-3', description: 'a logout without a live session answers 401 instead of 204' },
  'logout-demands-credentials': { clause: 'SAP-4', description: 'a logout without an Authorization header answers 401 and ends nothing' },
  'push-registrations-kept': { clause: 'SAP-5', description: "v1 logout leaves the user's push registrations in place" },
  'revokes-this-device-only': { clause: 'SAP-6', description: "v2 logout revokes only the refresh tokens issued to the session's own device" },
  'saml-dead-session-looks-live': { clause: 'SAP-7', description: 'a SAML application answers a dead session with 200 and no login-request header' },
} as const satisfies Record<string, Defect>;

export type SapDefect = keyof typeof defects;
export type LogoutVersion = 'v1' | 'v2';
export type LogoutMethod = 'POST' | 'DELETE';
/** How a request on a dead session is answered: Basic/OAuth applications 401, SAML applications 200 + login request. */
export type DeadSessionStyle = '401' | 'saml';

interface Session {
  readonly user: string;
  readonly device: string | undefined;
  ended: boolean;
}

interface RefreshToken {
  readonly user: string;
  readonly device: string;
  revoked: boolean;
}

/**
 * SAP Mobile Services as its logout documents describe it, and nothing of HTTP:
 * cookie-identified sessions, push registrations per user and device, refresh
 * tokens per user across devices, and how a dead session answers (401, or the
 * SAML login request).
 */
export class SapMobileServicesModel {
  readonly #clock: Clock;
  readonly #defects: ReadonlySet<string>;
  readonly #users: Readonly<Record<string, string>>;
  readonly #sessions = new Map<string, Session>();
  /** user → device id → its push registration */
  readonly #registrations = new Map<string, Map<string, { readonly os: string; readonly at: number }>>();
  readonly #tokens = new Map<string, RefreshToken>();
  #deadSessionStyle: DeadSessionStyle = '401';
  #serial = 0;

  constructor(clock: Clock, defects: ReadonlySet<string>, users: Readonly<Record<string, string>>) {
    this.#clock = clock;
    this.#defects = defects;
    this.#users = users;
  }

  has(defect: SapDefect): boolean {
    return this.#defects.has(defect);
  }

  // Controls: what a Given can do to the server that a client cannot.

  /** Secures the application with SAML (dead sessions answer 200 + login request) or Basic/OAuth (401). */
  answerDeadSessionsAs(style: DeadSessionStyle): void {
    this.#deadSessionStyle = style;
  }

  // Read-outs.

  get deadSessionStyle(): DeadSessionStyle {
    return this.#deadSessionStyle;
  }

  /** Sessions not ended and refresh tokens not revoked (for the leak checks). */
  get openSessions(): number {
    return [...this.#sessions.values()].filter((s) => !s.ended).length + [...this.#tokens.values()].filter((t) => !t.revoked).length;
  }

  /** Push registrations the server holds, all users together. */
  get pushRegistrations(): number {
    return [...this.#registrations.values()].reduce((n, devices) => n + devices.size, 0);
  }

  // Operations: what the services do.

  authenticate(user: string, password: string): boolean {
    return Object.hasOwn(this.#users, user) && this.#users[user] === password;
  }

  /** A new session for an authenticated user; answers its id, the cookie value. */
  openSession(user: string, device: string | undefined): string {
    const id = opaqueId('sap-mobile-services:session', ++this.#serial);
    this.#sessions.set(id, { user, device, ended: false });
    return id;
  }

  /** The user a live session belongs to, or undefined when the cookie names no live session. */
  userOf(sessionId: string | undefined): string | undefined {
    return this.#live(sessionId)?.user;
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

  issueRefreshToken(user: string, device: string): string {
    const value = opaqueId('sap-mobile-services:refresh', ++this.#serial);
    this.#tokens.set(value, { user, device, revoked: false });
    return value;
  }

  /** Exchanges a refresh token for a new one (rotation), or undefined when it is revoked or unknown. */
  refresh(value: string): string | undefined {
    const found = this.#tokens.get(value);
    if (!found || found.revoked) return undefined;
    found.revoked = true;
    return this.issueRefreshToken(found.user, found.device);
  }

  /** Ends the session the cookie names, with what its version takes along. There may be nothing to end. */
  logout(version: LogoutVersion, method: LogoutMethod, sessionId: string | undefined): void {
    const session = this.#live(sessionId);
    if (!session) return;
    if (!this.has('session-survives-logout')) session.ended = true;
    if (version === 'v1') {
      if (this.has('push-registrations-kept') || (method === 'DELETE' && this.has('delete-v1-keeps-push-registrations'))) return;
      this.#registrations.delete(session.user);
      return;
    }
    if (method === 'DELETE' && this.has('delete-v2-keeps-tokens')) return;
    for (const token of this.#tokens.values()) {
      if (token.user !== session.user) continue;
      if (this.has('revokes-this-device-only') && token.device !== session.device) continue;
      token.revoked = true;
    }
  }

  #live(sessionId: string | undefined): Session | undefined {
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId);
    return session && !session.ended ? session : undefined;
  }
}
