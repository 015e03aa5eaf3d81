import type { Clause } from '../../clauses.ts';

const SEED = '003_a74361c68b94e04b.txt';
const NOTES = 'VENDOR-NOTES.md';
// help.sap.com, Mobile Services documentation: security/api/logout (the seed), security/saml2, push/api/registration.
const LOGOUT = 'https://help.sap.com/docs/SAP_MOBILE_SERVICES/';

export const clauses = [
  { id: 'SAP-1', title: 'Each logout variant answers 204 and ends the session its cookie names', level: 'MUST', source: { document: SEED, passage: 'The user logout service provides functionality to terminate an active user session from the client. … always returns HTTP status 204', url: LOGOUT } },
  { id: 'SAP-2', title: 'POST and DELETE do the same, in v1 and in v2', level: 'MUST', source: { document: SEED, passage: 'Two options are available - POST and DELETE. The POST method does the same thing as DELETE, but is the option to use if the configuration includes a firewall.', url: LOGOUT } },
  { id: 'SAP-3', title: 'Logout always answers 204: no cookie, an unknown or already ended session, a repeated call', level: 'MUST', source: { document: SEED, passage: 'The service always returns HTTP status 204 (no content), even if there was no active session for the calling user at the point the call was made', url: LOGOUT } },
  { id: 'SAP-4', title: 'Logout needs no authentication, only the session cookie', level: 'MUST', source: { document: SEED, passage: 'does not require authentication (but it does require a session cookie header identifying the session to be terminated)', url: LOGOUT } },
  { id: 'SAP-5', title: 'v1 logout removes the push registrations of the user\'s registered devices', level: 'MUST', source: { document: SEED, passage: 'When the Logout API is called, it removes the push registrations from the server for the registered users on the associated devices.', url: LOGOUT } },
  { id: 'SAP-6', title: 'v2 logout revokes all refresh tokens of the user, other devices\' included', level: 'MUST', source: { document: SEED, passage: 'The user logout Version 2 service provides functionality to invalidate the sessions and revoke all the refresh tokens of a user.', url: LOGOUT } },
  { id: 'SAP-7', title: 'On a SAML application a dead session answers 200 with com.sap.cloud.security.login: login-request, and is seen as dead', level: 'MUST', source: { document: NOTES, passage: 'SAML apps: a request on an unauthenticated or expired session gets 200 with header com.sap.cloud.security.login: login-request (not 401)', url: LOGOUT } },
  { id: 'SAP-A1', title: 'A dead session on a Basic or OAuth application answers 401', level: 'ASSUMPTION', source: { document: NOTES, passage: 'A Basic/OAuth apps: a dead session on a protected endpoint → 401', url: LOGOUT } },
  { id: 'SAP-A2', title: 'A revoked refresh token is refused with 400 invalid_grant', level: 'ASSUMPTION', source: { document: NOTES, passage: 'A revoked refresh token at POST /oauth2/api/v1/token → 400 {"error":"invalid_grant"} (RFC 6749)', url: LOGOUT } },
  { id: 'SAP-A3', title: 'Observed: v1 logout leaves the user\'s refresh tokens valid', level: 'ASSUMPTION', source: { document: NOTES, passage: 'Reported observation: v1 documents no token revocation', url: LOGOUT } },
  { id: 'SAP-A4', title: 'Observed: v2 logout leaves the user\'s other sessions open', level: 'ASSUMPTION', source: { document: NOTES, passage: 'A v2 "the sessions": whether other sessions of the same user end too is unclear — report what is seen', url: LOGOUT } },
] as const satisfies readonly Clause[];
