/** OAuth refresh tokens of the test user: granted per device and client, used, and revoked at the end by a last v2 logout. */
import type { HttpAnswer } from '../../http/client.ts';
import { HarnessError } from '../../http/errors.ts';
import { redactor } from '../../http/redact/index.ts';
import type { SapSessions } from './sessions.ts';
import { HARMLESS_AUTH_FIELDS } from './vocabulary.ts';

/** A refresh token and the device and OAuth client it was issued to. */
export interface HeldRefreshToken {
  readonly value: string;
  readonly device: string;
  readonly client: string;
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

  constructor(sessions: SapSessions) {
    this.#sessions = sessions;
  }

  /**
   * A refresh token of the test user for a device (a new one unless named), at a client
   * (the one it signs in with unless named), by the application's grant; revoked at the end.
   */
  async refreshToken(device = this.#sessions.newDevice(), client?: string): Promise<HeldRefreshToken> {
    const granted = await this.#sessions.oauth.refreshToken(this.#sessions.user, device, client);
    if (!granted.refresh)
      throw this.#sessions.error(
        'POST',
        this.#tokenPath,
        `the ${this.#sessions.oauth.grantType} grant at client ${granted.client} issued no refresh_token; check oauth`,
      );
    return { value: granted.refresh, device, client: granted.client };
  }

  /** A refresh token of the test user at the application's second OAuth client (oauth.otherClientId), for a new device. */
  refreshTokenAtAnotherClient(): Promise<HeldRefreshToken> {
    const other = this.#sessions.oauth.otherClientId;
    if (!other) throw new HarnessError('this step needs systems.sap-mobile-services.oauth.otherClientId; tag the scenario @needs:oauth');
    return this.refreshToken(undefined, other);
  }

  /**
   * A refresh grant with the token, by its client from its device: usable (a new
   * access token) or refused (a 4xx carrying an OAuth error); any other answer is a
   * broken target. A token the answer rotates in is revoked by the clean-up too. Sent
   * as written, not by openid-client: this is the check, and the refusal is read as the
   * server words it (a 401 invalid_token too), where a client library would only throw.
   */
  async useRefreshToken(token: HeldRefreshToken): Promise<RefreshAnswer> {
    const answer = await this.#token(token, { grant_type: 'refresh_token', refresh_token: token.value });
    const rotated = this.#field(answer, 'refresh_token');
    const access = this.#field(answer, 'access_token');
    const error = this.#field(answer, 'error');
    redactor.register(rotated, access);
    // A token rotated in replaces the one used, which the client discards (RFC 6749, 6).
    if (rotated && rotated !== token.value) {
      this.#sessions.unrefusedTokens.delete(token.value);
      this.#sessions.unrefusedTokens.add(rotated);
    }
    const next = rotated ? { ...token, value: rotated } : token;
    if (answer.status === 200 && access) return { usable: true, status: answer.status, error, next };
    if (answer.status >= 400 && answer.status < 500 && error) {
      this.#sessions.unrefusedTokens.delete(token.value);
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
    return this.#sessions.oauth.tokenPath;
  }

  #token(token: HeldRefreshToken, fields: Record<string, string>): Promise<HttpAnswer> {
    return this.#sessions.http.send({
      method: 'POST',
      path: this.#tokenPath,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'x-smp-deviceid': token.device },
      body: new URLSearchParams({ ...fields, client_id: token.client }).toString(),
      authentication: HARMLESS_AUTH_FIELDS,
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
