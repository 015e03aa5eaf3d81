/** SAP Mobile Services' clause catalog, one job though long: each clause, its source, how it runs live, and the claims of its documented lines, as data. */
import type { Clause, DocumentedClaim, LiveVerification } from '../../clauses.ts';

const SEED = '003_a74361c68b94e04b.txt';
const NOTES = 'VENDOR-NOTES.md';
// The Mobile Services documentation on help.sap.com: the seed is its security/api/logout page.
const GUIDES = 'https://help.sap.com/doc/f53c64b93e5140918d676b927a3cd65b/Cloud/en-US/docs-en/guides/features';
const LOGOUT = `${GUIDES}/security/api/logout.html`;
const SAML = `${GUIDES}/security/saml2.html`;

// Against an application that takes the test user's password; on a SAML one (deadSession
// "saml") the scenarios that sign in are reported not verified (index.ts, notVerifiedLive).
const ALWAYS: LiveVerification = { runs: 'always' };

// The D lines of VENDOR-NOTES.md's Mobile Services section, quoted as the claims' `line`.
const V1 = "v1 removes the push registrations of the user's registered devices.";
const V1_SAME = 'v1: `POST /mobileservices/sessions/logout` and `DELETE /mobileservices/sessions` do the same thing (POST exists for firewalls)';
const V2 = 'v2: `POST /mobileservices/sessions/v2/logout` and `DELETE /mobileservices/sessions/v2`; invalidates the session(s)';
const V2_TOKENS = 'revokes **all refresh tokens of the user**';
const ALWAYS_204 = 'every variant **always answers 204** — also with no active session';
const COOKIE_ONLY = 'needs no authentication, only the session cookie identifying the session to end.';
const SAML_DEAD =
  'SAML apps: a request on an unauthenticated or expired session gets **200** with header `com.sap.cloud.security.login: login-request` (not 401).';
const SAML_COOKIE = 'session cookie in the SAML flow: `JSESSIONID`';
const NO_SMP = 'client SDKs send `X-SMP-APPID` and `X-SMP-DEVICEID` on every request; logout itself needs none of them.';
const PUSH_PATH = 'push registration lives under `/mobileservices/push/v1/runtime/applications/{appId}/os/{os}/devices/{deviceId}`';

const VARIANTS = ['v1 POST', 'v1 DELETE', 'v2 POST', 'v2 DELETE'] as const;
const PATHS = {
  'v1 POST': 'POST /mobileservices/sessions/logout',
  'v1 DELETE': 'DELETE /mobileservices/sessions',
  'v2 POST': 'POST /mobileservices/sessions/v2/logout',
  'v2 DELETE': 'DELETE /mobileservices/sessions/v2',
} as const;
/** The logout scenario of each variant, and an earlier logout that ends the session another variant is then sent for (always-204.feature). */
const ENDS = (v: (typeof VARIANTS)[number]) => `The ${v} logout, sent with the session cookie alone, answers 204 and ends the session`;
const EARLIER = { 'v1 POST': 'v2 DELETE', 'v1 DELETE': 'v2 POST', 'v2 POST': 'v1 DELETE', 'v2 DELETE': 'v1 POST' } as const;
const SCOPE_ONE =
  "the session its cookie names, the caller's own; what becomes of the user's other sessions and of other users' sessions is reported by SAP-A2, SAP-A5 and SAP-A6";

const endsClaims: DocumentedClaim[] = VARIANTS.flatMap((v) => [
  {
    line: v.startsWith('v1') ? V1_SAME : V2,
    claim: `${PATHS[v]} ends the session its cookie names: the session request refuses that cookie afterwards`,
    scenario: ENDS(v),
    check: 'the Mobile Services session is dead',
    scope: SCOPE_ONE,
  },
  {
    line: ALWAYS_204,
    claim: `${PATHS[v]} answers 204 when it ends a live session`,
    scenario: ENDS(v),
    check: 'every Mobile Services logout answered 204',
  },
]);

const noSessionClaims: DocumentedClaim[] = VARIANTS.flatMap((v) => [
  {
    line: ALWAYS_204,
    claim: `${PATHS[v]} answers 204 without any cookie, and with a cookie naming a session the server never issued`,
    scenario: `The ${v} logout answers 204 when there is no session to end`,
    check: 'every Mobile Services logout answered 204',
  },
  {
    line: ALWAYS_204,
    claim: `${PATHS[v]} answers 204 for a session an earlier logout already ended, and again when sent once more`,
    scenario: `The ${v} logout answers 204 for a session the ${EARLIER[v]} logout already ended, and again when repeated`,
    check: 'every Mobile Services logout answered 204',
  },
]);

const cookieOnlyClaims: DocumentedClaim[] = VARIANTS.flatMap((v) => [
  {
    line: COOKIE_ONLY,
    claim: `${PATHS[v]} sent with the session cookie and no Authorization header ends that session`,
    scenario: ENDS(v),
    check: 'the Mobile Services session is dead',
    scope: SCOPE_ONE,
  },
  {
    line: NO_SMP,
    claim: `${PATHS[v]} needs neither X-SMP-APPID nor X-SMP-DEVICEID: sent without them, it answers 204`,
    scenario: ENDS(v),
    check: 'every Mobile Services logout answered 204',
  },
]);

export const clauses = [
  {
    id: 'SAP-1',
    title: 'Each logout variant answers 204 and ends the session its cookie names',
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'The user logout service provides functionality to terminate an active user session from the client. The service always returns HTTP status 204 (no content)',
      url: LOGOUT,
    },
    live: ALWAYS,
    claims: endsClaims,
  },
  {
    id: 'SAP-2',
    title: 'POST and DELETE do the same, in v1 and in v2',
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'Two options are available - POST and DELETE. The POST method does the same thing as DELETE, but is the option to use if the configuration includes a firewall.',
      url: LOGOUT,
    },
    live: ALWAYS,
    claims: [
      {
        line: V1_SAME,
        claim:
          'The v1 DELETE does what the v1 POST does: the same status, the session ended, the push registration removed, the refresh token left as the POST leaves it',
        scenario: 'The v1 DELETE logout does what the v1 POST logout does',
        check:
          'the Mobile Services v1 DELETE logout answered the same status as the v1 POST logout and had the same effect on the session, the push registration and the refresh token',
      },
      {
        line: 'The POST method does the same thing as DELETE, but is the option to use if the configuration includes a firewall.',
        claim: 'The v2 DELETE does what the v2 POST does: the same status, the session ended, the refresh token revoked',
        scenario: 'The v2 DELETE logout does what the v2 POST logout does',
        check:
          'the Mobile Services v2 DELETE logout answered the same status as the v2 POST logout and had the same effect on the session, the push registration and the refresh token',
      },
    ],
  },
  {
    id: 'SAP-3',
    title: 'Logout always answers 204: without a cookie, for an unknown or already ended session, and when repeated',
    level: 'MUST',
    source: {
      document: SEED,
      passage:
        'The service always returns HTTP status 204 (no content), even if there was no active session for the calling user at the point the call was made',
      url: LOGOUT,
    },
    live: ALWAYS,
    claims: noSessionClaims,
  },
  {
    id: 'SAP-4',
    title: 'Logout needs no authentication, only the session cookie',
    level: 'MUST',
    source: {
      document: SEED,
      passage: 'does not require authentication (but it does require a session cookie header identifying the session to be terminated)',
      url: LOGOUT,
    },
    live: ALWAYS,
    claims: cookieOnlyClaims,
  },
  {
    id: 'SAP-5',
    // Only the removal is documented; how a device registers is not (the harness's registration is its own guess).
    title: "v1 logout removes the push registrations of the user's registered devices",
    level: 'MUST',
    source: {
      document: SEED,
      passage: 'When the Logout API is called, it removes the push registrations from the server for the registered users on the associated devices.',
      url: LOGOUT,
    },
    live: ALWAYS,
    claims: (['v1 POST', 'v1 DELETE'] as const).flatMap((v) => {
      const scenario = `The ${v} logout removes the push registrations of all the user's devices, not only the session's`;
      const scope = "every registered device of the user, the session's own and the others; other users' registrations are not spoken of";
      return [
        {
          line: V1,
          claim: `${PATHS[v]} removes the push registration of the device whose session it ends`,
          scenario,
          check: "the push registrations of the Mobile Services session's device and of the other device are gone",
          scope,
        },
        {
          line: V1,
          claim: `${PATHS[v]} removes the push registration of the user's other registered devices too`,
          scenario,
          check: "the push registrations of the Mobile Services session's device and of the other device are gone",
          scope,
        },
        {
          line: PUSH_PATH,
          // The path is documented (partly third-party), the registration's body is not: a target that refuses the made-up one is broken, never failed.
          claim: 'A device registers for push, and its registration is read back, under the documented path template',
          scenario,
          check: 'a Mobile Services session whose device and another device of the same user are registered for push',
        },
      ];
    }),
  },
  {
    id: 'SAP-6',
    title: "v2 logout revokes all refresh tokens of the user, other devices' included",
    level: 'MUST',
    source: {
      document: SEED,
      passage: 'The user logout Version 2 service provides functionality to invalidate the sessions and revoke all the refresh tokens of a user.',
      url: LOGOUT,
    },
    live: ALWAYS,
    claims: [
      ...(['v2 POST', 'v2 DELETE'] as const).map((v) => ({
        line: V2_TOKENS,
        claim: `${PATHS[v]} revokes every refresh token of the user: the one issued to the session's device and one issued to another device`,
        scenario: `The ${v} logout revokes every refresh token of the user, another device's included`,
        check: 'no refresh token of the Mobile Services user can be used any more',
        scope: 'every refresh token of the user, whichever device or session it was issued to',
      })),
      {
        line: V2_TOKENS,
        // The DELETE's tokens across clients: it does what the POST does (SAP-2).
        claim: `${PATHS['v2 POST']} revokes the user's refresh tokens at every OAuth client of the application, not only at the client the session was signed in with`,
        scenario: `The v2 POST logout revokes the user's refresh tokens at every OAuth client, not only the session's`,
        check: 'no refresh token of the Mobile Services user can be used any more',
        scope: 'every refresh token of the user, whichever OAuth client it was issued to',
      },
    ],
  },
  {
    id: 'SAP-7',
    title: 'On a SAML application a dead session answers 200 with com.sap.cloud.security.login: login-request, and is recognised as dead',
    level: 'MUST',
    source: {
      document: NOTES,
      passage:
        'SAML apps: a request on an unauthenticated or expired session gets **200** with header `com.sap.cloud.security.login: login-request` (not 401).',
      url: SAML,
    },
    live: { runs: 'with', needs: 'samlSession' },
    claims: [
      {
        line: SAML_DEAD,
        claim: 'A request with no session at all (unauthenticated) gets 200 with the login request, not 401',
        scenario: 'On a SAML application a request without any session answers 200 with the login request',
        check: 'the Mobile Services probe saw a dead session, answered with 200 and the login request',
      },
      {
        line: SAML_DEAD,
        // A session cannot be made to expire in a run: one ended by a logout is the dead session the harness can show.
        claim: 'A request on a session that is no longer valid (here: logged out) gets 200 with the login request, not 401, and is told from a live one',
        scenario: 'On a SAML application a logged-out session is recognised as dead by the login request',
        check: 'the Mobile Services probe saw a dead session, answered with 200 and the login request',
      },
      {
        line: SAML_COOKIE,
        claim: 'The session of the SAML flow travels as the JSESSIONID cookie: the browser session handed in is live on that cookie alone',
        scenario: 'On a SAML application a logged-out session is recognised as dead by the login request',
        check: 'the Mobile Services session is live on its cookie alone',
      },
    ],
  },
  {
    id: 'SAP-A1',
    title: "Observed: v1 logout leaves the user's refresh tokens valid",
    level: 'ASSUMPTION',
    // No vendor passage says what v1 does to refresh tokens: this is all the notes say v1 does.
    source: { document: NOTES, passage: "v1 removes the push registrations of the user's registered devices.", url: LOGOUT },
    live: ALWAYS,
  },
  {
    id: 'SAP-A2',
    title: "Observed: v2 logout leaves the user's other sessions open",
    level: 'ASSUMPTION',
    source: {
      document: NOTES,
      passage: 'v2 "the sessions": whether other sessions of the same user end too is unclear — report what is seen, never fail on it.',
      url: LOGOUT,
    },
    live: ALWAYS,
  },
  {
    id: 'SAP-A3',
    title: 'A revoked refresh token is refused with 400 invalid_grant',
    level: 'ASSUMPTION',
    source: {
      document: NOTES,
      passage: 'A revoked refresh token at `POST /oauth2/api/v1/token` (grant_type=refresh_token) → 400 `{"error":"invalid_grant"}` (RFC 6749).',
      url: LOGOUT,
    },
    live: ALWAYS,
  },
  {
    id: 'SAP-A4',
    title: 'A dead session answers as the target is configured: 401 on Basic and OAuth applications (the default)',
    level: 'ASSUMPTION',
    source: { document: NOTES, passage: 'Basic/OAuth apps: a dead session on a protected endpoint → 401.', url: SAML },
    live: ALWAYS,
  },
  {
    id: 'SAP-A5',
    title: "Observed: v1 logout leaves the user's other sessions open",
    level: 'ASSUMPTION',
    // The v1 passage speaks of one session; what becomes of the user's other sessions is not documented.
    source: { document: SEED, passage: 'The user logout service provides functionality to terminate an active user session from the client.', url: LOGOUT },
    live: ALWAYS,
  },
  {
    id: 'SAP-A6',
    title: "Observed: a logout leaves another user's sessions open",
    level: 'ASSUMPTION',
    // The cookie names the session to end, and v2 speaks of "a user": that another user's session survives goes without saying, and is not said.
    source: {
      document: SEED,
      passage: 'does not require authentication (but it does require a session cookie header identifying the session to be terminated)',
      url: LOGOUT,
    },
    live: { runs: 'with', needs: 'moreUsers' },
  },
] as const satisfies readonly Clause[];
