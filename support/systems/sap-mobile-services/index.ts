import { browserMissing } from '../../browser/chromium.ts';
import { moreAccountsSchema, type Account } from '../accounts.ts';
import type { SystemDefinition } from '../system.ts';
import { clauses } from './clauses.ts';
import { resources } from './resources.ts';
import { SapMobileServicesClient } from './client.ts';
import { deadSessionStyleOf, type SapMobileServicesTarget } from './target.ts';
import { defects, SapMobileServicesModel, variations } from './model.ts';
import { OAUTH_CALLBACK, routes } from './routes.ts';
import { SESSION_COOKIE } from './vocabulary.ts';

/** A SAML-secured application of the simulated server, beside the Basic one the harness signs in to. */
const SAML_APP = 'com.example.conformance.saml';

/**
 * An OAuth application of the simulated server, with two clients and test users of its
 * own (a v2 logout revokes every refresh token of its user: runs against the Basic and
 * the OAuth application at once must not share users). Its targets entry, over the
 * Basic application's: `npm run simulate` and the tests serve it.
 */
export const OAUTH_APPLICATION = {
  appId: 'com.example.conformance.oauth',
  signIn: 'oauth',
  username: 'oauth-conformance',
  password: 'sim-sap-oauth-Pa55!',
  moreUsers: [2, 3, 4].map((n) => ({ username: `oauth-conformance-${n}`, password: `sim-sap-oauth-${n}-Pa55!` })),
  deadSession: '401',
  oauth: {
    clientId: 'conformance-oauth-client',
    otherClientId: 'conformance-oauth-other-client',
    // A page of the simulator's own, which redeems no code: the browser loads it without leaving the origin.
    redirectUri: OAUTH_CALLBACK,
  },
} as const satisfies Partial<SapMobileServicesTarget>;

/** The Basic application's second OAuth client: its password and refresh grants show SAP-6 across clients too. */
const BASIC_OTHER_CLIENT = 'com.example.conformance.other-client';

/** Scenarios that never sign the test user in with its password: the only ones a SAML application lets run. */
const NO_SIGN_IN = '@no-sign-in';

export const sapMobileServices = {
  key: 'sap-mobile-services',
  title: 'SAP Mobile Services',
  basePath: '',
  clauses,
  defects,
  variations,
  targetSchema: {
    type: 'object',
    required: ['appId', 'username', 'password'],
    properties: {
      appId: { type: 'string', minLength: 1, description: 'The Mobile Services application id (X-SMP-APPID)' },
      username: {
        type: 'string',
        minLength: 1,
        description: 'A test user of the application, dedicated to conformance runs: v2 logouts revoke all its refresh tokens',
      },
      password: { type: 'string', minLength: 1 },
      moreUsers: moreAccountsSchema(
        'Further dedicated test users of the application (the rights of username), optional: a v2 logout revokes every refresh token of its user, so scenarios of one user run one after another, and each user given here lets another run beside them',
      ),
      sessionPath: {
        nullable: true,
        type: 'string',
        pattern: '^/',
        description:
          'The request whose answer sets the session cookie (sent with Basic credentials and X-SMP-APPID), and with the cookie alone the session probe; default /mobileservices/application/{appId}/roleservice/application/{appId}/v2/Me',
      },
      sessionCookie: { nullable: true, type: 'string', minLength: 1, description: "The session cookie's name; default JSESSIONID" },
      signIn: {
        type: 'string',
        nullable: true,
        enum: ['basic', 'saml', 'oauth'],
        description:
          "How the application's users sign in: basic (the password on the session request, default), saml (the IdP's login form, in headless Chromium: needs Chromium on the machine), oauth (an access token of the application's OAuth server, sent as Authorization: Bearer on the session request; see oauth)",
      },
      saml: {
        type: 'object',
        nullable: true,
        additionalProperties: false,
        description: "signIn saml: the IdP's login form, as CSS selectors; the defaults fit SAP Identity Authentication",
        properties: {
          loginUrl: {
            type: 'string',
            nullable: true,
            minLength: 1,
            description:
              "A regular expression the IdP's login page URL matches: there the fields must be once it has loaded (without it, the username field is waited for)",
          },
          username: { type: 'string', nullable: true, minLength: 1, description: 'The username field; default #j_username' },
          password: { type: 'string', nullable: true, minLength: 1, description: 'The password field; default #j_password' },
          submit: { type: 'string', nullable: true, minLength: 1, description: 'The button that submits the form; default #logOnFormSubmit' },
          next: {
            type: 'string',
            nullable: true,
            minLength: 1,
            description: 'A button between the username and the password, for forms that ask one, then the other',
          },
        },
      },
      deadSession: {
        type: 'string',
        nullable: true,
        enum: ['401', 'saml'],
        description:
          'How the application answers a dead session: 401 (Basic/OAuth, default) or saml (200 + com.sap.cloud.security.login: login-request; the default with signIn saml). A SAML application takes no password: without signIn saml, the scenarios that sign the test user in are not verified there',
      },
      samlSession: {
        type: 'object',
        nullable: true,
        required: ['cookie'],
        additionalProperties: false,
        description:
          'A live session of a SAML-secured application, obtained through its browser flow by hand; needed to verify SAP-7 unless signIn is saml (the harness then signs in through the IdP itself). One scenario ends it: hand in a fresh one for every run. Sign it in as another user than username and moreUsers: a v2 logout may legally end every session of its user, and the other scenarios log those users out with v2',
        properties: {
          cookie: {
            type: 'string',
            minLength: 1,
            description: 'The Cookie header the browser sends with the session, at least sessionCookie=value; best given as {"env": "NAME"}',
          },
          appId: {
            type: 'string',
            nullable: true,
            minLength: 1,
            description: "The SAML application, when it is not appId (then appId's deadSession must be saml)",
          },
        },
      },
      oauth: {
        type: 'object',
        nullable: true,
        additionalProperties: false,
        required: [],
        description:
          'OAuth settings of the application (signIn oauth), and a second OAuth client: a v2 logout must revoke the refresh tokens of the user at every client (SAP-6)',
        properties: {
          grant: {
            type: 'string',
            nullable: true,
            enum: ['authorization_code', 'password'],
            description:
              'How the tokens are obtained: authorization_code (PKCE, the login page driven in headless Chromium; default) or password, where the application allows that grant',
          },
          clientId: { type: 'string', nullable: true, minLength: 1, description: 'The OAuth client the test users sign in with; default clientId, else appId' },
          otherClientId: {
            type: 'string',
            nullable: true,
            minLength: 1,
            description:
              'A second OAuth client of the application (same grant and redirect URI), for the check that a v2 logout revokes the refresh tokens at every client',
          },
          redirectUri: {
            type: 'string',
            nullable: true,
            minLength: 1,
            description:
              'The redirect URI registered for the clients; needed by authorization_code (the code is taken from the redirect there, which the browser is not waited on: name one whose page does not redeem codes itself)',
          },
          authorizePath: { type: 'string', nullable: true, pattern: '^/', description: 'The authorization endpoint; default /oauth2/api/v1/authorize' },
          scope: { type: 'string', nullable: true, minLength: 1, description: 'The scope to ask for; none by default' },
        },
      },
      tokenPath: {
        nullable: true,
        type: 'string',
        pattern: '^/',
        description: 'The OAuth token endpoint (form-encoded password and refresh grants); default /oauth2/api/v1/token',
      },
      clientId: { nullable: true, type: 'string', minLength: 1, description: 'The OAuth client id for the password and refresh grants; default the app id' },
      os: {
        type: 'string',
        nullable: true,
        enum: ['ios', 'android', 'windows', 'baidu', 'w3cpushapi'],
        description: 'Push platform of the test devices; default android',
      },
    },
  },
  routes,
  simulate({ clock, defects: on, variations: varied }) {
    const user = { username: 'mobile-conformance', password: 'sim-sap-mobile-services-Pa55!' };
    // Further test users, so the simulator's own scenarios run side by side as a well-provided target's would.
    const moreUsers = [2, 3, 4].map((n) => ({ username: `mobile-conformance-${n}`, password: `sim-sap-mobile-services-${n}-Pa55!` }));
    const { oauth } = OAUTH_APPLICATION;
    const accounts = [user, ...moreUsers, { username: OAUTH_APPLICATION.username, password: OAUTH_APPLICATION.password }, ...OAUTH_APPLICATION.moreUsers];
    const users: Record<string, string> = Object.fromEntries(accounts.map((u) => [u.username, u.password]));
    const appId = 'com.example.conformance';
    const clients = Object.fromEntries(
      [appId, BASIC_OTHER_CLIENT, SAML_APP, oauth.clientId, oauth.otherClientId].map((client) => [client, { redirectUris: [oauth.redirectUri] }]),
    );
    const model = new SapMobileServicesModel(clock, {
      defects: on,
      variations: varied,
      users,
      samlApps: [SAML_APP],
      oauthApps: [OAUTH_APPLICATION.appId],
      clients,
    });
    // What a tester would bring from the SAML application's browser flow: one live session of
    // a user of its own (the v2 logouts of the other scenarios may end every session of theirs).
    const handedIn = model.openSession('saml-conformance', SAML_APP, undefined);
    const config = {
      appId,
      ...user,
      moreUsers,
      deadSession: '401',
      oauth: { otherClientId: BASIC_OTHER_CLIENT },
      samlSession: { appId: SAML_APP, cookie: `${SESSION_COOKIE}=${handedIn}` },
    } as const;
    // The SAML application's own test users, signed in through the IdP's login form (signIn saml): a browser reaches it only when served.
    const samlUsers = [1, 2, 3, 4].map((n) => ({ username: `saml-user-${n}`, password: `sim-saml-${n}-Pa55!` }));
    const [samlUser, ...moreSamlUsers] = samlUsers as [Account, ...Account[]];
    for (const { username, password } of samlUsers) users[username] = password;
    const saml = { appId: SAML_APP, ...samlUser, moreUsers: moreSamlUsers, signIn: 'saml', oauth: { otherClientId: BASIC_OTHER_CLIENT } } as const;
    return { model, config, alternatives: { saml, oauth: OAUTH_APPLICATION } };
  },
  connect: (services, config) => new SapMobileServicesClient(services, config),
  // A SAML application the harness signs in to itself stands in for a handed-in session.
  provides: (config, entry) => entry === 'samlSession' && config.signIn === 'saml',
  notVerifiedLive(config, tags) {
    if (config.signIn === 'saml' && !config.samlSession && (!tags.includes(NO_SIGN_IN) || tags.includes('@needs:samlSession'))) {
      const missing = browserMissing();
      if (missing) return `signs in through the SAML application's login form, and ${missing}`;
    }
    if (tags.includes('@clause:SAP-7') && (config.samlSession?.appId ?? config.appId) === config.appId && deadSessionStyleOf(config) !== 'saml') {
      return 'needs a SAML application: samlSession is a session of appId, whose deadSession is not "saml"; name the SAML application in samlSession.appId';
    }
    if (tags.includes('@needs:oauth') && !config.oauth?.otherClientId) {
      return 'needs oauth.otherClientId: a second OAuth client of the application, at which the test user holds a refresh token too';
    }
    if (config.signIn === 'oauth' && (config.oauth?.grant ?? 'authorization_code') === 'authorization_code' && !tags.includes(NO_SIGN_IN)) {
      const missing = browserMissing();
      if (missing)
        return `signs in through the OAuth authorization page (authorization_code), and ${missing}; or set oauth.grant to "password" where the application allows it`;
    }
    if (config.deadSession === 'saml' && config.signIn !== 'saml' && !tags.includes(NO_SIGN_IN)) {
      return 'signs the test user in with its password, which a SAML application does not take (its sessions come from the browser flow); set signIn to "saml" to sign in through the IdP\'s login form';
    }
    return undefined;
  },
  resources,
  openSessions: (model) => model.openSessions,
} satisfies SystemDefinition<SapMobileServicesTarget, SapMobileServicesModel, SapMobileServicesClient>;
