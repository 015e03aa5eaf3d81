import { createHash } from 'node:crypto';
import type { Clock } from '../../simulation/clock.ts';
import { opaqueId } from '../../simulation/ids.ts';

/** A client registered with the application's OAuth settings: where its authorization codes may be sent. */
export interface OAuthClient {
  /** Absolute URIs, or paths on the server's own origin (a simulator does not know its origin before it is served). */
  readonly redirectUris: readonly string[];
}

/** Whether a redirect URI is one the client registered: the same URI, or the registered path on any origin. */
const registered = (client: OAuthClient, uri: string): boolean =>
  client.redirectUris.some((r) => r === uri || (r.startsWith('/') && URL.parse(uri)?.pathname === r && !URL.parse(uri)?.search));

/** What an authorization request asks for (RFC 6749 4.1.1, RFC 7636 4.3). */
export interface AuthorizationRequest {
  readonly responseType: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly codeChallengeMethod: string;
}

/** A token answer's contents: a new access token and the refresh token to hold from now on. */
export interface IssuedTokens {
  readonly access: string;
  readonly refresh: string;
  /** The refresh token is a new one (rotation, or a first grant): the answer carries it. */
  readonly rotated: boolean;
}

/** A token endpoint's refusal (RFC 6749 5.2). */
export interface OAuthRefusal {
  readonly status: number;
  readonly error: string;
  readonly description: string;
}

interface RefreshToken {
  readonly user: string;
  readonly device: string;
  readonly client: string;
  revoked: boolean;
}

interface AuthorizationCode extends AuthorizationRequest {
  readonly user: string;
  readonly expires: number;
  used: boolean;
}

interface AccessToken {
  readonly user: string;
  readonly client: string;
  readonly expires: number;
}

/** How long an authorization code may wait for its exchange, and an access token be used (the token answer's expires_in). */
const CODE_LIFETIME_MS = 60_000;
export const ACCESS_LIFETIME_S = 3600;

const refusal = (error: string, description: string, status = 400): OAuthRefusal => ({ status, error, description });

/** RFC 7636 4.6: BASE64URL(SHA256(code_verifier)). */
const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/**
 * The OAuth 2.0 authorization server of the simulated Mobile Services, and nothing
 * of HTTP: registered clients, authorization codes bound to a PKCE challenge (S256
 * only) and a redirect URI, access tokens, and refresh tokens per user, client and
 * device — which the logouts revoke (`revoke`).
 */
export class AuthorizationServer {
  readonly #clock: Clock;
  readonly #clients: Readonly<Record<string, OAuthClient>>;
  readonly #authenticate: (user: string, password: string) => boolean;
  /** Whether a refresh grant rotates the refresh token (asked at each grant: a variation may say no). */
  readonly #rotates: () => boolean;
  readonly #refresh = new Map<string, RefreshToken>();
  readonly #codes = new Map<string, AuthorizationCode>();
  readonly #access = new Map<string, AccessToken>();
  #serial = 0;

  constructor(
    clock: Clock,
    options: { clients: Readonly<Record<string, OAuthClient>>; authenticate: (user: string, password: string) => boolean; rotates: () => boolean },
  ) {
    this.#clock = clock;
    this.#clients = options.clients;
    this.#authenticate = options.authenticate;
    this.#rotates = options.rotates;
  }

  /** Refresh tokens not revoked (for the leak checks). */
  get liveRefreshTokens(): number {
    return [...this.#refresh.values()].filter((t) => !t.revoked).length;
  }

  /**
   * Why an authorization request cannot be served, or undefined. An unknown client or
   * redirect URI is never redirected to (RFC 6749 4.1.2.1): the login page says so.
   */
  refuseAuthorization(request: AuthorizationRequest): string | undefined {
    const client = this.#clients[request.clientId];
    if (!client) return `unknown client_id ${JSON.stringify(request.clientId)}`;
    if (!registered(client, request.redirectUri)) return 'redirect_uri is not registered for this client';
    if (request.responseType !== 'code') return 'response_type must be code';
    if (request.codeChallengeMethod !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(request.codeChallenge))
      return 'a PKCE code_challenge with code_challenge_method S256 is required';
    return undefined;
  }

  /** The login form's submission: an authorization code for the request, or undefined for a wrong user or password. */
  authorize(request: AuthorizationRequest, user: string, password: string): string | undefined {
    if (this.refuseAuthorization(request) !== undefined || !this.#authenticate(user, password)) return undefined;
    const code = opaqueId('sap-mobile-services:authorization-code', ++this.#serial);
    this.#codes.set(code, { ...request, user, expires: this.#clock.now() + CODE_LIFETIME_MS, used: false });
    return code;
  }

  /** The authorization_code grant (RFC 6749 4.1.3, RFC 7636 4.6): once, by its client, with its redirect URI and verifier. */
  exchangeCode(code: string, clientId: string, redirectUri: string, verifier: string, device: string): IssuedTokens | OAuthRefusal {
    if (!this.#clients[clientId]) return refusal('invalid_client', 'unknown client', 401);
    const found = this.#codes.get(code);
    if (!found || found.used || found.expires <= this.#clock.now()) return refusal('invalid_grant', 'unknown, used or expired authorization code');
    found.used = true;
    if (found.clientId !== clientId) return refusal('invalid_grant', 'the code was issued to another client');
    if (found.redirectUri !== redirectUri) return refusal('invalid_grant', 'redirect_uri differs from the authorization request');
    if (s256(verifier) !== found.codeChallenge) return refusal('invalid_grant', 'code_verifier does not match the code_challenge');
    return this.#issue(found.user, clientId, device);
  }

  /** The password grant (RFC 6749 4.3), where the application allows it. */
  passwordGrant(user: string, password: string, clientId: string, device: string): IssuedTokens | OAuthRefusal {
    if (!this.#clients[clientId]) return refusal('invalid_client', 'unknown client', 401);
    if (!this.#authenticate(user, password)) return refusal('invalid_grant', 'Bad credentials');
    return this.#issue(user, clientId, device);
  }

  /** The refresh_token grant (RFC 6749 6): a token not revoked, by the client it was issued to. */
  refreshGrant(value: string, clientId: string): IssuedTokens | OAuthRefusal {
    const found = this.#refresh.get(value);
    if (!found || found.revoked) return refusal('invalid_grant', 'Invalid refresh token');
    if (found.client !== clientId) return refusal('invalid_grant', 'the refresh token was issued to another client');
    const access = this.#accessToken(found.user, found.client);
    if (!this.#rotates()) return { access, refresh: value, rotated: false };
    found.revoked = true;
    return { access, refresh: this.#refreshToken(found.user, found.client, found.device), rotated: true };
  }

  /** The user and client a live access token was issued to (a request's `Authorization: Bearer`), or undefined. */
  bearer(access: string): { readonly user: string; readonly client: string } | undefined {
    const found = this.#access.get(access);
    return found && found.expires > this.#clock.now() ? found : undefined;
  }

  /** Revokes the user's refresh tokens that `which` selects (by the device and client each was issued to). */
  revoke(user: string, which: (token: { readonly device: string; readonly client: string }) => boolean = () => true): void {
    for (const token of this.#refresh.values()) if (token.user === user && which(token)) token.revoked = true;
  }

  #issue(user: string, client: string, device: string): IssuedTokens {
    return { access: this.#accessToken(user, client), refresh: this.#refreshToken(user, client, device), rotated: true };
  }

  #accessToken(user: string, client: string): string {
    const value = opaqueId('sap-mobile-services:access', ++this.#serial);
    this.#access.set(value, { user, client, expires: this.#clock.now() + ACCESS_LIFETIME_S * 1000 });
    return value;
  }

  #refreshToken(user: string, client: string, device: string): string {
    const value = opaqueId('sap-mobile-services:refresh', ++this.#serial);
    this.#refresh.set(value, { user, device, client, revoked: false });
    return value;
  }
}
