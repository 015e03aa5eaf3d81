import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';
import type { Defect } from '../system.ts';

export const defects = {
  'session-survives-logout': { clause: 'SAP-1', description: 'logout answers 204 but the session keeps authorizing requests' },
  'delete-v2-keeps-tokens': { clause: 'SAP-2', description: 'the v2 DELETE ends the session but, unlike the v2 POST, revokes no refresh token' },
  'no-session-answers-401': { clause: 'SAP-3', description: 'a logout without a live session answers 401 instead of 204' },
  'logout-demands-credentials': { clause: 'SAP-4', description: 'a logout without an Authorization header answers 401 and ends nothing' },
  'push-registrations-kept': { clause: 'SAP-5', description: 'v1 logout leaves the user\'s push registrations in place' },
  'revokes-this-device-only': { clause: 'SAP-6', description: 'v2 logout revokes only the refresh tokens issued to the session\'s own device' },
  'saml-dead-session-looks-live': { clause: 'SAP-7', description: 'a SAML application answers a dead session with 200 and no login-request header' },
} as const satisfies Record<string, Defect>;

export type SapDefect = keyof typeof defects;
export type LogoutVersion = 'v1' | 'v2';
/** How a request on a dead session is answered: Basic/OAuth applications 401, SAML applications 200 + login-request. */
export type DeadSessionStyle = '401' | 'saml';

interface Session {
  readonly id: string;
  readonly user: string;
  readonly device: string | undefined;
  ended: boolean;
}

interface RefreshToken {
  readonly user: string;
  readonly device: string;
  revoked: boolean;
}

export type MeReply = { readonly live: true; readonly user: string } | { readonly live: false; readonly style: DeadSessionStyle };

/**
 * SAP Mobile Services sessions as its logout documents them: cookie-identified
 * sessions, push registrations per user and device, refresh tokens per user
 * across devices, and how a dead session answers (401 or the SAML login request).
 */
export class SapMobileServicesModel {
  readonly #clock: Clock;
  readonly #defects: ReadonlySet<string>;
  readonly #users: Readonly<Record<string, string>>;
  readonly #sessions = new Map<string, Session>();
  /** user → device ids with a push registration */
  readonly #registrations = new Map<string, Map<string, { os: string; at: number }>>();
  readonly #tokens = new Map<string, RefreshToken>();
  #style: DeadSessionStyle = '401';
  #serial = 0;

  constructor(clock: Clock, defects: ReadonlySet<string>, users: Readonly<Record<string, string>>) {
    this.#clock = clock;
    this.#defects = defects;
    this.#users = users;
  }

  has(defect: SapDefect): boolean {
    return this.#defects.has(defect);
  }

  // Controls.

  /** Configures the application as a SAML one (dead sessions answer 200 + login-request) or Basic/OAuth (401). */
  answerDeadSessionsAs(style: DeadSessionStyle): void {
    this.#style = style;
  }

  /** Sessions and refresh tokens still valid (for the leak checks). */
  get openSessions(): number {
    return [...this.#sessions.values()].filter((s) => !s.ended).length + [...this.#tokens.values()].filter((t) => !t.revoked).length;
  }

  // Operations.

  authenticate(user: string, password: string): boolean {
    return this.#users[user] !== undefined && this.#users[user] === password;
  }

  openSession(user: string, device: string | undefined): string {
    const id = opaqueId('sap-mobile-services:session', ++this.#serial);
    this.#sessions.set(id, { id, user, device, ended: false });
    return id;
  }

  me(sessionId: string | undefined): MeReply {
    const session = this.#live(sessionId);
    if (session) return { live: true, user: session.user };
    return { live: false, style: this.#style };
  }

  userOf(sessionId: string | undefined): string | undefined {
    return this.#live(sessionId)?.user;
  }

  register(sessionId: string | undefined, deviceId: string, os: string): boolean {
    const session = this.#live(sessionId);
    if (!session) return false;
    const devices = this.#registrations.get(session.user) ?? new Map();
    devices.set(deviceId, { os, at: this.#clock.now() });
    this.#registrations.set(session.user, devices);
    return true;
  }

  registration(sessionId: string | undefined, deviceId: string): { os: string } | undefined | 'dead' {
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
  refresh(value: string): { token: string; user: string } | undefined {
    const found = this.#tokens.get(value);
    if (!found || found.revoked) return undefined;
    found.revoked = true;
    return { token: this.issueRefreshToken(found.user, found.device), user: found.user };
  }

  /** Ends the session the cookie names. Always succeeds: there may be nothing to end. */
  logout(version: LogoutVersion, method: 'POST' | 'DELETE', sessionId: string | undefined): void {
    const session = this.#live(sessionId);
    if (!session) return;
    if (!this.has('session-survives-logout')) session.ended = true;
    if (version === 'v1' && !this.has('push-registrations-kept')) this.#registrations.delete(session.user);
    if (version === 'v2') {
      if (method === 'DELETE' && this.has('delete-v2-keeps-tokens')) return;
      for (const t of this.#tokens.values()) {
        if (t.user !== session.user) continue;
        if (this.has('revokes-this-device-only') && t.device !== session.device) continue;
        t.revoked = true;
      }
    }
  }

  #live(sessionId: string | undefined): Session | undefined {
    const session = sessionId === undefined ? undefined : this.#sessions.get(sessionId);
    return session && !session.ended ? session : undefined;
  }
}

