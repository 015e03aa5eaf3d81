/** Push registrations of the test user's devices: made and read back before a logout, looked for after it, removed at the end. */
import type { SapSession, SapSessions } from './sessions.ts';
import { V1_POST } from './sessions.ts';

export class PushRegistrations {
  readonly #sessions: SapSessions;
  /** Devices whose push registration the harness made and has not seen gone. */
  readonly #registered = new Set<string>();
  /** A session of each device, opened beside a logout, for the looks at its registration after it (see isRegistered): none shown dead. */
  readonly #readers = new Map<string, SapSession>();

  constructor(sessions: SapSessions) {
    this.#sessions = sessions;
  }

  /**
   * Registers the session's device for push and reads the registration back, so a
   * later "gone" can be believed. A v1 logout in a session of that device removes it
   * again at the end of the scenario, whatever the scenario did. The documents give
   * the registration's path, not its body: a made-up one does for a test device, and
   * an answer that is not a success is a broken target, never a finding.
   */
  async registerDevice(session: SapSession): Promise<void> {
    await this.#register(session, false);
  }

  /**
   * Registers the device of a session opened beside a logout (see loggedOutWatching),
   * which that logout may have ended (a v2 logout may end every session of the user):
   * found dead, the device signs in again. Answers the session it is registered in.
   */
  async registerDeviceAfterLogout(session: SapSession): Promise<SapSession> {
    if (await this.#register(session, true)) return session;
    const again = await this.#sessions.openSession(session.device);
    await this.registerDevice(again);
    return again;
  }

  /** Registers the session's device and reads it back; false when the session is dead and `mayBeDead`. */
  async #register(session: SapSession, mayBeDead: boolean): Promise<boolean> {
    const path = this.#pushPath(session.device);
    const since = this.#sessions.liveSince();
    const answer = await this.#sessions.http.send({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...this.#sessions.smpHeaders(session.device) },
      // The registration body is not in the documents this harness encodes; a made-up push token does for a test device.
      body: JSON.stringify({ pushToken: `conformance-push-token-${session.device}`, formFactor: 'phone', deviceModel: 'logout conformance harness' }),
      jar: session.jar,
    });
    if (mayBeDead && this.#sessions.isDeadAnswer(answer)) {
      this.#sessions.shownDead(session);
      return false;
    }
    if (answer.status < 200 || answer.status > 299)
      throw this.#sessions.error(
        'POST',
        path,
        `the push registration answered ${answer.status}; check appId, os and the push rights of ${this.#sessions.user.username}`,
      );
    this.#registered.add(session.device);
    this.#sessions.services.cleanups.defer(
      `remove the Mobile Services push registration of ${session.device}`,
      async () => {
        if (!this.#registered.has(session.device)) return;
        try {
          await this.#sessions.removing(() => this.#sessions.tidyUp(session.device, V1_POST, this.#sessions.liveSessionOf(session.device)));
        } catch (err) {
          throw new Error(`the push registration of ${session.device} may be left on the server: ${(err as Error).message}`);
        }
      },
      { alongside: true },
    );
    this.#sessions.shownLive(session, since);
    if (!(await this.#readRegistration(session))) throw this.#sessions.error('GET', path, 'the push registration just made cannot be read back');
    return true;
  }

  /** Registers another device of the test user for push, in a session of its own, and answers that device. */
  async registerAnotherDevice(): Promise<string> {
    const session = await this.#sessions.openSession();
    await this.registerDevice(session);
    return session.device;
  }

  /** The devices whose push registration the harness made and has not seen gone. */
  get registeredDevices(): readonly string[] {
    return [...this.#registered];
  }

  /**
   * A logout sent beside a new session of each device that has none to read in yet,
   * for the look at its registration after the logout answered (isRegistered), which
   * then needs no sign-in of its own. A session that cannot be opened is left to that look.
   */
  async loggedOutWatching(devices: readonly string[], logout: () => Promise<number>): Promise<number> {
    const unwatched = devices.filter((device) => !this.#readers.has(device));
    if (!unwatched.length) return logout();
    const [status, readers] = await this.#sessions.services.together(logout, () =>
      this.#sessions.services.together(...unwatched.map((device) => () => this.#sessions.openSessionAhead(device))),
    );
    for (const [i, device] of unwatched.entries()) {
      const reader = readers[i];
      if (reader) this.#readers.set(device, reader);
    }
    return status;
  }

  /**
   * Whether a device's push registration still exists, read in the session of that
   * device opened for it beside a logout, else in a new one, kept for the next look.
   * A logout may have ended it (a v1 or v2 logout may end every session of the user):
   * found dead, it is read in a new one.
   */
  async isRegistered(device: string): Promise<boolean> {
    const reader = this.#readers.get(device);
    const found = reader && (await this.#read(reader, true));
    if (found !== undefined) return found;
    const fresh = await this.#sessions.openSession(device);
    this.#readers.set(device, fresh);
    return this.#readRegistration(fresh);
  }

  #pushPath(device: string): string {
    const segment = encodeURIComponent;
    const { appId, os } = this.#sessions.target;
    return `/mobileservices/push/v1/runtime/applications/${segment(appId)}/os/${segment(os ?? 'android')}/devices/${segment(device)}`;
  }

  async #readRegistration(session: SapSession): Promise<boolean> {
    return (await this.#read(session, false)) === true;
  }

  /** Whether the device's registration exists, read in the session; undefined when the answer shows the session dead and `mayBeDead`. */
  async #read(session: SapSession, mayBeDead: boolean): Promise<boolean | undefined> {
    const path = this.#pushPath(session.device);
    const since = this.#sessions.liveSince();
    const answer = await this.#sessions.http.send({
      method: 'GET',
      path,
      headers: { accept: 'application/json', ...this.#sessions.smpHeaders(session.device) },
      jar: session.jar,
    });
    const dead = this.#sessions.isDeadAnswer(answer);
    if (dead && mayBeDead) {
      this.#sessions.shownDead(session);
      this.#readers.delete(session.device);
      return undefined;
    }
    if (dead || (answer.status !== 200 && answer.status !== 404))
      throw this.#sessions.error('GET', path, `reading a push registration answered ${answer.status}${dead ? ' (a dead session)' : ''}, neither 200 nor 404`);
    this.#sessions.shownLive(session, since);
    if (answer.status === 404) this.#registered.delete(session.device);
    return answer.status === 200;
  }
}
