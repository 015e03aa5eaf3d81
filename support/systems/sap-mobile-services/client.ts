/** The one Mobile Services client the steps call: its rooms (sessions, push registrations, refresh tokens) behind one face, and what a logout did, measured. */
import { TargetError } from '../../http/errors.ts';
import type { ScenarioServices } from '../system.ts';
import { PushRegistrations } from './push.ts';
import { SapSessions, type LogoutVariant, type SapSession, type SessionState } from './sessions.ts';
import type { SapMobileServicesTarget } from './target.ts';
import { RefreshTokens, type HeldRefreshToken, type RefreshAnswer } from './tokens.ts';
import type { DeadSessionStyle } from './vocabulary.ts';

export type { SapMobileServicesTarget } from './target.ts';
export { SapSession, stateText, type LogoutVariant, type SessionState } from './sessions.ts';
export type { HeldRefreshToken, RefreshAnswer } from './tokens.ts';

/** What one logout did, in words a report can compare. */
export interface LogoutEffect {
  readonly status: number;
  readonly session: 'ended' | 'live';
  readonly pushRegistration: 'removed' | 'kept';
  readonly refreshToken: 'refused' | 'usable';
}

/** SAP Mobile Services: sessions, the four logouts, push registrations and refresh tokens. */
export class SapMobileServicesClient {
  readonly #sessions: SapSessions;
  readonly #push: PushRegistrations;
  readonly #tokens: RefreshTokens;

  constructor(services: ScenarioServices, target: SapMobileServicesTarget) {
    this.#sessions = new SapSessions(services, target);
    this.#push = new PushRegistrations(this.#sessions);
    this.#tokens = new RefreshTokens(this.#sessions);
  }

  /** How the target is configured to answer a dead session. */
  get deadSessionStyle(): DeadSessionStyle {
    return this.#sessions.deadSessionStyle;
  }

  /** A device id of the test user not used before in this scenario. */
  newDevice(): string {
    return this.#sessions.newDevice();
  }

  /** A session of the test user, for a new device unless one is named; its logout is registered at once. */
  openSession(device?: string): Promise<SapSession> {
    return this.#sessions.openSession(device);
  }

  /** A session of another test user than the scenario's own (needs moreUsers); its logout is registered at once. */
  openSessionOfAnotherUser(): Promise<SapSession> {
    return this.#sessions.openSessionOfAnotherUser();
  }

  /** The SAML session the targets file hands in (samlSession); its logout is registered at once. */
  handedInSession(): SapSession {
    return this.#sessions.handedInSession();
  }

  /** The handed-in SAML session when it is still live, else undefined. */
  handedInLiveSession(): Promise<SapSession | undefined> {
    return this.#sessions.handedInLiveSession();
  }

  /** A cookie naming a session no server issued, shown refused by the session request. */
  refusedSession(): Promise<SapSession> {
    return this.#sessions.refusedSession();
  }

  /**
   * One of the four logouts, with the session cookie only (none without a session);
   * answers its status. A new session of each device registered for push is opened
   * beside it, for the look at the registrations that follows (isRegistered).
   */
  logout(variant: LogoutVariant, session?: SapSession): Promise<number> {
    return this.#push.loggedOutWatching(session ? this.#push.registeredDevices : [], () => this.#sessions.logout(variant, session));
  }

  /** The session request with the session cookie alone. */
  probe(session: SapSession): Promise<SessionState> {
    return this.#sessions.probe(session);
  }

  /** The SAML application's session request without any cookie. */
  probeSamlWithoutSession(): Promise<SessionState> {
    return this.#sessions.probeSamlWithoutSession();
  }

  /** Sessions of the test user, each for a new device and shown live on its cookie alone, opened at once. */
  openLiveSessions(count: number): Promise<SapSession[]> {
    return this.#sessions.services.together(
      ...Array.from({ length: count }, () => async () => {
        const session = await this.openSession();
        await this.proveLive(session);
        return session;
      }),
    );
  }

  /** Shows the session live on its cookie alone. */
  proveLive(session: SapSession): Promise<void> {
    return this.#sessions.proveLive(session);
  }

  /** Shows the session dead. */
  proveDead(session: SapSession): Promise<void> {
    return this.#sessions.proveDead(session);
  }

  /**
   * A probe's answer to a dead session in words, beside the answer the target's
   * configuration (deadSession) leads to expect: 401, or 200 with the login request.
   */
  deadSessionAnswer({ live, status, loginRequest }: SessionState): { readonly seen: string; readonly expected: string } {
    const seen = live ? `a live session (${status})` : loginRequest ? `${status} with the login request` : String(status);
    return { seen, expected: this.deadSessionStyle === 'saml' ? '200 with the login request' : '401' };
  }

  /** Registers the session's device for push and reads the registration back. */
  registerDevice(session: SapSession): Promise<void> {
    return this.#push.registerDevice(session);
  }

  /** Registers another device of the test user for push, in a session of its own; answers the device. */
  registerAnotherDevice(): Promise<string> {
    return this.#push.registerAnotherDevice();
  }

  /** A session whose device is registered for push, beside another device of the test user registered in a session of its own. */
  async openSessionWithTwoDevicesRegistered(): Promise<{ session: SapSession; otherDevice: string }> {
    const [session, otherDevice] = await this.#sessions.services.together(
      async () => {
        const opened = await this.openSession();
        await this.registerDevice(opened);
        return opened;
      },
      () => this.registerAnotherDevice(),
    );
    return { session, otherDevice };
  }

  /** Whether a device's push registration still exists, read in a session of that device opened beside the last logout, or a new one. */
  isRegistered(device: string): Promise<boolean> {
    return this.#push.isRegistered(device);
  }

  /** Whether each device's push registration still exists, each read in a session of its own (see isRegistered), at once. */
  areRegistered(devices: readonly string[]): Promise<boolean[]> {
    return this.#sessions.services.together(...devices.map((device) => () => this.isRegistered(device)));
  }

  /** A refresh token for a device (a new one unless named), by the application's grant. */
  refreshToken(device?: string): Promise<HeldRefreshToken> {
    return this.#tokens.refreshToken(device);
  }

  /**
   * A session of a new device beside refresh tokens granted by the application's grant,
   * the first for that device and each other for a new one (`atAnotherClient`: the
   * second at the application's second OAuth client instead): the grants need no session.
   */
  async openSessionWithTokens(devices: number, atAnotherClient = false): Promise<{ session: SapSession; tokens: HeldRefreshToken[] }> {
    const device = this.newDevice();
    const [session, ...tokens] = await this.#sessions.services.together(
      () => this.openSession(device),
      ...Array.from(
        { length: devices },
        (_, i) => () => (i === 0 ? this.refreshToken(device) : atAnotherClient ? this.refreshTokenAtAnotherClient() : this.refreshToken()),
      ),
    );
    return { session, tokens: tokens as HeldRefreshToken[] };
  }

  /** Shows the session live on its cookie alone beside each token usable; answers the tokens to hold from now on. */
  async proveLiveAndUsable(session: SapSession, tokens: readonly HeldRefreshToken[]): Promise<HeldRefreshToken[]> {
    const [, held] = await this.#sessions.services.together(
      () => this.proveLive(session),
      () => this.proveUsable(tokens),
    );
    return held;
  }

  /** A refresh token of the test user at the application's second OAuth client (oauth.otherClientId). */
  refreshTokenAtAnotherClient(): Promise<HeldRefreshToken> {
    return this.#tokens.refreshTokenAtAnotherClient();
  }

  /**
   * A refresh grant with the token: usable or refused. After a logout, with no session
   * of the user known live, a session is opened beside it: a token still usable is
   * revoked at the end by a v2 logout in a live session, which this one's closing then is
   * (see SapSessions.afterRemovals), where the revocation would sign in for it only then.
   * One that cannot be opened leaves the revocation to sign in as before.
   */
  async useRefreshToken(token: HeldRefreshToken): Promise<RefreshAnswer> {
    if (!this.#sessions.revocationWantsSession) return this.#tokens.useRefreshToken(token);
    const [answer] = await this.#sessions.services.together(
      () => this.#tokens.useRefreshToken(token),
      () => this.#sessions.openSessionAhead(),
    );
    return answer;
  }

  /** Shows each token usable; answers the tokens to hold from now on. */
  proveUsable(tokens: readonly HeldRefreshToken[]): Promise<HeldRefreshToken[]> {
    return this.#tokens.proveUsable(tokens);
  }

  /**
   * Each token used at once after a logout of the session, and the session looked at
   * beside them: shown dead, it needs no closing. The look decides nothing here, so
   * one that cannot be read only leaves the closing to do.
   */
  async useRefreshTokensAfterLogout(tokens: readonly HeldRefreshToken[], session: SapSession): Promise<RefreshAnswer[]> {
    const [answers] = await this.#sessions.services.together(
      () => this.useRefreshTokens(tokens),
      () =>
        this.probe(session).catch((err: unknown) => {
          if (!(err instanceof TargetError)) throw err;
        }),
    );
    return answers;
  }

  /** Each token used at once. */
  useRefreshTokens(tokens: readonly HeldRefreshToken[]): Promise<RefreshAnswer[]> {
    return this.#tokens.useRefreshTokens(tokens);
  }

  /**
   * What two logouts do, each measured on a session of its own: a new device
   * registered for push and holding a refresh token, then the logout, then the
   * session, the registration and the token looked at again. What does not depend
   * on each other is sent together: a session with its registration beside the
   * token grant; the three looks; and the looks after the first logout beside the
   * second's registration and token, which that logout, already answered, cannot
   * touch. Sessions are opened beside a logout: the one the registration is read in
   * after it, and the second's, registered only once the first logout answered (each
   * opened again if that logout ended it). Registrations the first logout kept are read
   * again after the second, which then leaves the clean-up a session of their device
   * known live to remove them in.
   */
  async measureLogouts(first: LogoutVariant, second: LogoutVariant): Promise<[LogoutEffect, LogoutEffect]> {
    const measured = await this.#measured();
    const [firstOut, secondSignedIn] = await this.#sessions.services.together(
      () => this.#loggedOut(first, measured),
      () => this.openSession(),
    );
    const [firstEffect, secondSetUp] = await this.#sessions.services.together(
      () => this.#looksAfter(firstOut),
      () => this.#measured(secondSignedIn),
    );
    const kept = this.#push.registeredDevices.filter((device) => device !== secondSetUp.session.device);
    return [firstEffect, await this.#looksAfter(await this.#loggedOut(second, secondSetUp, kept), kept)];
  }

  /**
   * A session of a new device, registered for push, beside a refresh token of that
   * device; `signedIn`: that device's session, opened beside a logout.
   */
  async #measured(signedIn?: SapSession): Promise<Measured> {
    const device = signedIn?.device ?? this.newDevice();
    const [session, token] = await this.#sessions.services.together(
      async () => {
        if (signedIn) return this.#push.registerDeviceAfterLogout(signedIn);
        const opened = await this.openSession(device);
        await this.registerDevice(opened);
        return opened;
      },
      () => this.refreshToken(device),
    );
    return { session, token };
  }

  /** The logout of a measured session, beside a new session of its device and of each `other` one, for the looks at their registrations after it. */
  async #loggedOut(variant: LogoutVariant, measured: Measured, others: readonly string[] = []): Promise<Measured & { readonly status: number }> {
    const status = await this.#push.loggedOutWatching([measured.session.device, ...others], () => this.#sessions.logout(variant, measured.session));
    return { ...measured, status };
  }

  /** The session, its device's registration and the token looked at after the logout, beside the registrations of the `other` devices. */
  async #looksAfter({ session, token, status }: Measured & { readonly status: number }, others: readonly string[] = []): Promise<LogoutEffect> {
    const [{ live }, registered, refresh] = await this.#sessions.services.together(
      () => this.probe(session),
      () => this.isRegistered(session.device),
      () => this.#tokens.useRefreshToken(token),
      () => this.areRegistered(others),
    );
    return { status, session: live ? 'live' : 'ended', pushRegistration: registered ? 'kept' : 'removed', refreshToken: refresh.usable ? 'usable' : 'refused' };
  }
}

/** A measured logout's session and the refresh token of its device. */
interface Measured {
  readonly session: SapSession;
  readonly token: HeldRefreshToken;
}
