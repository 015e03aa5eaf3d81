/** Push registrations of the test user's devices: made and read back before a logout, looked for after it, removed at the end. */
import type { SapSession, SapSessions } from './sessions.ts';
import { V1_POST } from './sessions.ts';

export class PushRegistrations {
  readonly #sessions: SapSessions;
  /** Devices whose push registration the harness made and has not seen gone. */
  readonly #registered = new Set<string>();

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
    const path = this.#pushPath(session.device);
    const answer = await this.#sessions.http.send({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...this.#sessions.smpHeaders(session.device) },
      // The registration body is not in the documents this harness encodes; a made-up push token does for a test device.
      body: JSON.stringify({ pushToken: `conformance-push-token-${session.device}`, formFactor: 'phone', deviceModel: 'logout conformance harness' }),
      jar: session.jar,
    });
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
          await this.#sessions.removing(() => this.#sessions.tidyUp(session.device, V1_POST));
        } catch (err) {
          throw new Error(`the push registration of ${session.device} may be left on the server: ${(err as Error).message}`);
        }
      },
      { alongside: true },
    );
    if (!(await this.#readRegistration(session))) throw this.#sessions.error('GET', path, 'the push registration just made cannot be read back');
  }

  /** Registers another device of the test user for push, in a session of its own, and answers that device. */
  async registerAnotherDevice(): Promise<string> {
    const session = await this.#sessions.openSession();
    await this.registerDevice(session);
    return session.device;
  }

  /** Whether a device's push registration still exists, read in a new session of that device. */
  async isRegistered(device: string): Promise<boolean> {
    return this.#readRegistration(await this.#sessions.openSession(device));
  }

  #pushPath(device: string): string {
    const segment = encodeURIComponent;
    const { appId, os } = this.#sessions.target;
    return `/mobileservices/push/v1/runtime/applications/${segment(appId)}/os/${segment(os ?? 'android')}/devices/${segment(device)}`;
  }

  async #readRegistration(session: SapSession): Promise<boolean> {
    const path = this.#pushPath(session.device);
    const answer = await this.#sessions.http.send({
      method: 'GET',
      path,
      headers: { accept: 'application/json', ...this.#sessions.smpHeaders(session.device) },
      jar: session.jar,
    });
    if (answer.status === 200) return true;
    if (answer.status === 404) {
      this.#registered.delete(session.device);
      return false;
    }
    throw this.#sessions.error('GET', path, `reading a push registration answered ${answer.status}, neither 200 nor 404`);
  }
}
