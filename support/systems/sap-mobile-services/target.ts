/** What a targets file says about a Mobile Services deployment, and the test users it gives. */
import type { Account } from '../accounts.ts';
import type { TargetConfig } from '../system.ts';
import type { DeadSessionStyle } from './vocabulary.ts';

export interface SapMobileServicesTarget extends TargetConfig {
  /** The Mobile Services application id, sent as X-SMP-APPID. */
  readonly appId: string;
  /** A test user of the application, dedicated to conformance runs: v2 logouts revoke all its refresh tokens. */
  readonly username: string;
  readonly password: string;
  /** Further test users of the same rights: with `username`, the pool scenarios are given theirs from. */
  readonly moreUsers?: readonly Account[];
  /** The request whose answer sets the session cookie; default `/mobileservices/application/{appId}/roleservice/application/{appId}/v2/Me`. */
  readonly sessionPath?: string;
  /** The session cookie's name; default `JSESSIONID`. */
  readonly sessionCookie?: string;
  /** How the application's users sign in; default 'basic'. */
  readonly signIn?: 'basic' | 'saml' | 'oauth';
  /** SAML: the IdP's login form, as CSS selectors (defaults fit SAP Identity Authentication: `#j_username`, `#j_password`, `#logOnFormSubmit`). */
  readonly saml?: {
    /** A pattern the IdP's login page URL matches: there the fields are looked for as soon as it has loaded. */
    readonly loginUrl?: string;
    readonly username?: string;
    readonly password?: string;
    readonly submit?: string;
    /** A button between username and password, for forms that ask one, then the other. */
    readonly next?: string;
  };
  /** How the application answers a dead session: `401` (Basic/OAuth, the default) or `saml` (200 + `com.sap.cloud.security.login: login-request`; the default when `signIn` is `saml`). */
  readonly deadSession?: DeadSessionStyle;
  /** A live session of a SAML application, from the browser flow the harness cannot do; one scenario ends it. */
  readonly samlSession?: {
    /** The `Cookie` header the browser sends with it. */
    readonly cookie: string;
    /** Its application, when not `appId`. */
    readonly appId?: string;
  };
  /** OAuth: SAP's endpoints are /oauth2/api/v1/authorize and /oauth2/api/v1/token. */
  readonly oauth?: OAuthEntry;
  /** Default `/oauth2/api/v1/token`. */
  readonly tokenPath?: string;
  /** The OAuth client id of the application; default the app id. */
  readonly clientId?: string;
  /** The push platform the test devices register for; default `android`. */
  readonly os?: 'ios' | 'android' | 'windows' | 'baidu' | 'w3cpushapi';
}

/** How the harness obtains OAuth tokens of an application (`signIn: 'oauth'`), and the second client SAP-6 revokes tokens at. */
export interface OAuthEntry {
  /** `authorization_code` (with PKCE, the login page in the browser; the default) or `password`, where the application allows it. */
  readonly grant?: 'authorization_code' | 'password';
  /** The OAuth client the test user signs in with; default the target's clientId, else the app id. */
  readonly clientId?: string;
  /** A second OAuth client of the application: a v2 logout must revoke the user's refresh tokens there too. */
  readonly otherClientId?: string;
  /** The redirect URI registered for the clients (authorization_code). */
  readonly redirectUri?: string;
  /** Default `/oauth2/api/v1/authorize`. */
  readonly authorizePath?: string;
  /** The scope asked for; none by default. */
  readonly scope?: string;
}

/** How the application answers a dead session: as configured, else as its sign-in implies. */
export const deadSessionStyleOf = (target: SapMobileServicesTarget): DeadSessionStyle => target.deadSession ?? (target.signIn === 'saml' ? 'saml' : '401');

/** The test users of a target, the pool scenarios are given theirs from. */
export const testUsers = (target: SapMobileServicesTarget): Account[] => [
  { username: target.username, password: target.password },
  ...(target.moreUsers ?? []),
];
