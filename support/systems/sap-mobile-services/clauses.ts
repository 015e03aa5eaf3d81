import type { Clause, LiveVerification } from '../../clauses.ts';

const SEED = '003_a74361c68b94e04b.txt';
const NOTES = 'VENDOR-NOTES.md';
// The Mobile Services documentation on help.sap.com: the seed is its security/api/logout page.
const GUIDES = 'https://help.sap.com/doc/f53c64b93e5140918d676b927a3cd65b/Cloud/en-US/docs-en/guides/features';
const LOGOUT = `${GUIDES}/security/api/logout.html`;
const SAML = `${GUIDES}/security/saml2.html`;

// Against an application that takes the test user's password; on a SAML one (deadSession
// "saml") the scenarios that sign in are reported not verified (index.ts, notVerifiedLive).
const ALWAYS: LiveVerification = { runs: 'always' };

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
] as const satisfies readonly Clause[];
