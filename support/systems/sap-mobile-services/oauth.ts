/**
 * OAuth tokens of a test user, obtained as a client app obtains them: by openid-client
 * (the password grant, or the authorization code with PKCE), whose requests go through
 * the harness's one HTTP client, so every exchange is in the transcript, redacted, and
 * reaches the in-process simulators too.
 */
import * as oidc from 'openid-client';
import type { HttpClient } from '../../http/client.ts';
import { HarnessError, TargetError } from '../../http/errors.ts';
import { redactor } from '../../http/redact/index.ts';
import type { Account } from '../accounts.ts';
import type { ScenarioServices } from '../system.ts';
import { IAS_LOGIN_FORM } from './saml.ts';
import type { SapMobileServicesTarget } from './target.ts';
import { HARMLESS_AUTH_FIELDS } from './vocabulary.ts';

/** What the OAuth room takes from the client's sessions (SapSessions): the target, its requests and errors, the clean-up of tokens. */
export interface OAuthContext {
  readonly http: HttpClient;
  readonly target: SapMobileServicesTarget;
  readonly services: ScenarioServices;
  error(method: string, path: string, cause: string): TargetError;
  /** Registers, once per scenario, the last v2 logout that revokes the test user's refresh tokens. */
  revokeTokensAtTheEnd(late?: boolean): void;
  /** Refresh tokens held and not shown refused: the last v2 logout is skipped when there are none. */
  readonly unrefusedTokens: Set<string>;
}

/** The browser's requests of an authorization at most (the page, the form's post, the redirect back), each bounded by the target's timeout. */
const AUTHORIZATION_REQUESTS = 4;

/** What a grant gave the test user at one client, for one device. */
export interface GrantedTokens {
  readonly access: string;
  /** Undefined when the server issued none (then SAP-6 has nothing to show revoked). */
  readonly refresh: string | undefined;
  readonly client: string;
  readonly device: string;
}

export type OAuthGrant = 'authorization_code' | 'password';

export class OAuthTokens {
  readonly #sessions: OAuthContext;
  /**
   * Within a scenario, a user's access token at a client is used again for every session
   * it opens (a sign-in in the browser costs a page, a post and a redirect), and a refresh
   * token the grant also gave is kept for the first step that asks one of that device.
   */
  readonly #access = new Map<string, GrantedTokens>();
  readonly #spare = new Map<string, string>();

  constructor(sessions: OAuthContext) {
    this.#sessions = sessions;
  }

  /**
   * An access token of the account at the sign-in client: the one this scenario already
   * holds unless `fresh` (the server refused it), else from a new grant on the device.
   */
  async accessToken(account: Account, device: string, fresh = false): Promise<{ readonly value: string; readonly reused: boolean }> {
    const key = `${account.username}\n${this.clientId}`;
    const held = fresh ? undefined : this.#access.get(key);
    if (held) return { value: held.access, reused: true };
    const granted = await this.grant(account, device);
    this.#access.set(key, granted);
    if (granted.refresh) this.#spare.set(`${account.username}\n${granted.client}\n${device}`, granted.refresh);
    return { value: granted.access, reused: false };
  }

  /** A refresh token of the account at a client for a device: one a sign-in of this scenario got and nobody took yet, else a new grant's. */
  async refreshToken(account: Account, device: string, clientId = this.clientId): Promise<GrantedTokens> {
    const key = `${account.username}\n${clientId}\n${device}`;
    const spare = this.#spare.get(key);
    this.#spare.delete(key);
    const granted = this.#access.get(`${account.username}\n${clientId}`);
    if (spare && granted) return { ...granted, refresh: spare, device };
    return this.grant(account, device, clientId);
  }

  /** The OAuth client the test users sign in with. */
  get clientId(): string {
    const target = this.#sessions.target;
    return target.oauth?.clientId ?? target.clientId ?? target.appId;
  }

  /** The application's second OAuth client, when the targets file names one. */
  get otherClientId(): string | undefined {
    return this.#sessions.target.oauth?.otherClientId;
  }

  /** How tokens are obtained: an OAuth application's grant (the authorization code unless `password`); elsewhere the password grant. */
  get grantType(): OAuthGrant {
    const target = this.#sessions.target;
    return target.signIn === 'oauth' ? (target.oauth?.grant ?? 'authorization_code') : 'password';
  }

  get tokenPath(): string {
    return this.#sessions.target.tokenPath ?? '/oauth2/api/v1/token';
  }

  /**
   * Tokens for the account at a client, on a device (sent as X-SMP-DEVICEID with the
   * token request). The refresh token is revoked at the end of the scenario, also one
   * granted after its timeout. A refusal or an answer that is not a token answer is the
   * target's error, in one line.
   */
  async grant(account: Account, device: string, clientId = this.clientId): Promise<GrantedTokens> {
    const grant = this.grantType;
    const seen: { status?: number } = {};
    const config = this.#configuration(clientId, device, seen);
    let answer: oidc.TokenEndpointResponse;
    try {
      answer =
        grant === 'password'
          ? await oidc.genericGrantRequest(config, 'password', { username: account.username, password: account.password, ...this.#scope })
          : await this.#authorizationCode(config, account);
    } catch (err) {
      if (err instanceof TargetError || err instanceof HarnessError) throw err;
      const what =
        err instanceof oidc.ResponseBodyError
          ? `was refused: ${err.status} ${err.error}; check signIn, oauth and that user's credentials`
          : `was answered ${seen.status ?? 'nothing'}, which is not a token answer (openid-client: ${(err as Error).message})`;
      throw this.#sessions.error('POST', this.tokenPath, `the ${grant} grant for ${account.username} at client ${clientId} ${what}`);
    }
    redactor.register(answer.access_token, answer.refresh_token);
    if (answer.refresh_token !== undefined) {
      this.#sessions.unrefusedTokens.add(answer.refresh_token);
      this.#sessions.revokeTokensAtTheEnd();
    }
    return { access: answer.access_token, refresh: answer.refresh_token, client: clientId, device };
  }

  get #scope(): Record<string, string> {
    const scope = this.#sessions.target.oauth?.scope;
    return scope ? { scope } : {};
  }

  /** The authorization code with PKCE (RFC 7636, S256): the login page in the run's browser, then the exchange. */
  async #authorizationCode(config: oidc.Configuration, account: Account): Promise<oidc.TokenEndpointResponse> {
    const given = this.#sessions.target.oauth?.redirectUri;
    if (!given) throw new HarnessError('an authorization_code sign-in needs systems.sap-mobile-services.oauth.redirectUri in the targets file');
    // A path is one below the target's base URL.
    const redirectUri = given.startsWith('/') ? this.#sessions.http.url(given).href : given;
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    redactor.register(verifier, state);
    const start = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...this.#scope,
    });
    const browser = this.#sessions.services.browser;
    if (!browser) throw new HarnessError('an OAuth authorization_code sign-in runs only against a live target, where the run has a browser');
    // The code is read from the redirect back to the client, which is not waited for.
    const { finalUrl: back } = await browser.signIn({
      startUrl: start.href,
      account,
      // The authorization server's login page is SAP Identity Authentication's, as a SAML application's IdP is.
      form: IAS_LOGIN_FORM,
      until: (url) => url.href.startsWith(redirectUri) && url.searchParams.has('code'),
      timeoutMs: AUTHORIZATION_REQUESTS * this.#sessions.http.timeoutMs,
      system: 'sap-mobile-services',
    });
    redactor.register(back.searchParams.get('code') ?? undefined);
    return oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state }, { redirect_uri: redirectUri });
  }

  /** openid-client's view of the application's server and one public client, speaking through the harness's HTTP client. */
  #configuration(clientId: string, device: string, seen: { status?: number }): oidc.Configuration {
    const target = this.#sessions.target;
    const http = this.#sessions.http;
    const server: oidc.ServerMetadata = {
      issuer: http.url('').href,
      authorization_endpoint: http.url(target.oauth?.authorizePath ?? '/oauth2/api/v1/authorize').href,
      token_endpoint: http.url(this.tokenPath).href,
    };
    const config = new oidc.Configuration(server, clientId, undefined, oidc.None());
    if (http.url('').protocol === 'http:') oidc.allowInsecureRequests(config);
    config[oidc.customFetch] = async (url, options) => {
      const answer = await this.#fetch(url, options, device);
      seen.status = answer.status;
      return answer;
    };
    return config;
  }

  /** One request of openid-client, sent by the harness's HTTP client: recorded, bounded, its answer's every value a secret but the harmless fields. */
  async #fetch(url: string, options: oidc.CustomFetchOptions, device: string): Promise<Response> {
    const http = this.#sessions.http;
    const to = new URL(url);
    const base = http.url('');
    const basePath = base.pathname.replace(/\/$/, '');
    if (to.origin !== base.origin || !to.pathname.startsWith(`${basePath}/`))
      throw new HarnessError(`openid-client asked for ${to.origin}${to.pathname}, outside the target ${base.href}`);
    const answer = await http.send({
      method: options.method as 'POST' | 'GET',
      path: to.pathname.slice(basePath.length) + to.search,
      headers: { ...options.headers, 'x-smp-deviceid': device },
      ...(options.body === undefined || options.body === null ? {} : { body: String(options.body) }),
      authentication: HARMLESS_AUTH_FIELDS,
      // Tokens granted after the timeout are revoked before the run ends.
      onLateAnswer: (late) => void (late.status === 200 && this.#sessions.revokeTokensAtTheEnd(true)),
    });
    // A status that carries no body takes none (the Response constructor refuses one).
    const body = [204, 205, 304].includes(answer.status) ? null : answer.body;
    return new Response(body, { status: answer.status, headers: [...answer.headers] });
  }
}
