/** OAuth refresh tokens of the test user: granted per device, used, and revoked at the end by a last v2 logout. */
import { Nonconformance } from '../../verdicts.ts';
import type { HttpAnswer } from '../../http/client.ts';
import { redactor } from '../../http/redact/index.ts';
import { V2_POST, type SapSessions } from './sessions.ts';
import { HARMLESS_AUTH_FIELDS } from './vocabulary.ts';

/** A refresh token and the device it was issued to. */
export interface HeldRefreshToken {
  readonly value: string;
  readonly device: string;
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

export class RefreshTokens {
  readonly #sessions: SapSessions;
  #tokensToRevoke = false;
  /** The token values held (granted, or rotated in for one used) and not shown refused since: what the last v2 logout is for. */
  readonly #unrefused = new Set<string>();
  /** A grant answered after its timeout: its token was never read, so it cannot be shown refused. */
  #lateGrant = false;

  constructor(sessions: SapSessions) {
    this.#sessions = sessions;
  }

  /** A refresh token for a device (a new one unless named), by the password grant. */
  async refreshToken(device = this.#sessions.newDevice()): Promise<HeldRefreshToken> {
    // A token granted after the timeout is revoked before the run ends.
    const late = (answer: HttpAnswer) => {
      if (answer.status !== 200) return;
      this.#lateGrant = true;
      this.#revokeAtTheEnd("revoke the Mobile Services test user's refresh tokens (one was granted after its timeout)");
    };
    const { username, password } = this.#sessions.user;
    const answer = await this.#token(device, { grant_type: 'password', username, password }, late);
    const value = this.#field(answer, 'refresh_token');
    redactor.register(value, this.#field(answer, 'access_token'));
    if (value) this.#unrefused.add(value);
    if (answer.status !== 200 || !value)
      throw this.#sessions.error(
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

  /**
   * Tokens outlive sessions: a last v2 logout, in a session of its own, revokes every
   * one the scenario obtained, unless each has been shown refused already.
   */
  #revokeAtTheEnd(label: string): void {
    this.#sessions.services.cleanups.defer(
      label,
      async () => {
        if (!this.#unrefused.size && !this.#lateGrant) return;
        await this.#sessions.afterRemovals();
        let status: number;
        try {
          status = await this.#sessions.tidyUp(this.#sessions.newDevice(), V2_POST);
        } catch (err) {
          throw new Error(`the test user's refresh tokens may still be valid: ${(err as Error).message}`);
        }
        if (status !== 204)
          throw new Nonconformance(`the v2 POST logout revoking the test user's refresh tokens answered ${status}; it always answers 204`, {
            clause: 'SAP-3',
          });
      },
      { alongside: true },
    );
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
    // A token rotated in replaces the one used, which the client discards (RFC 6749, 6).
    if (rotated && rotated !== token.value) {
      this.#unrefused.delete(token.value);
      this.#unrefused.add(rotated);
    }
    const next = rotated ? { value: rotated, device: token.device } : token;
    if (answer.status === 200 && access) return { usable: true, status: answer.status, error, next };
    if (answer.status >= 400 && answer.status < 500 && error) {
      this.#unrefused.delete(token.value);
      return { usable: false, status: answer.status, error, next };
    }
    throw this.#sessions.error(
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
        throw this.#sessions.error(
          'POST',
          this.#tokenPath,
          `the refresh token of ${tokens[i]?.device}, just issued, is refused (${answer.status} ${answer.error}), so no logout can be shown to revoke it`,
        );
      return answer.next;
    });
  }

  /** Each token used at once: they do not depend on each other. */
  useRefreshTokens(tokens: readonly HeldRefreshToken[]): Promise<RefreshAnswer[]> {
    return this.#sessions.services.together(...tokens.map((token) => () => this.useRefreshToken(token)));
  }

  get #tokenPath(): string {
    return this.#sessions.target.tokenPath ?? '/oauth2/api/v1/token';
  }

  #token(device: string, fields: Record<string, string>, onLateAnswer?: (answer: HttpAnswer) => void): Promise<HttpAnswer> {
    const target = this.#sessions.target;
    return this.#sessions.http.send({
      method: 'POST',
      path: this.#tokenPath,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-smp-deviceid': device },
      body: new URLSearchParams({ ...fields, client_id: target.clientId ?? target.appId }).toString(),
      authentication: HARMLESS_AUTH_FIELDS,
      ...(onLateAnswer ? { onLateAnswer } : {}),
    });
  }

  #field(answer: HttpAnswer, name: string): string | undefined {
    let body: unknown;
    try {
      body = JSON.parse(answer.body);
    } catch {
      throw this.#sessions.error('POST', this.#tokenPath, `the token endpoint answered ${answer.status} with a body that is not JSON`);
    }
    if (typeof body !== 'object' || body === null)
      throw this.#sessions.error('POST', this.#tokenPath, `the token endpoint answered ${answer.status} with JSON that is not an object`);
    const value = (body as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  }
}
