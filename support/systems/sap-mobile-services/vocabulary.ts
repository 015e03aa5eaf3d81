/** SAP Mobile Services' wire names and words, as its client sends them and its simulator reads them. */

export type LogoutVersion = 'v1' | 'v2';
export type LogoutMethod = 'POST' | 'DELETE';
/** How a request on a dead session is answered: Basic/OAuth applications 401, SAML applications 200 + login request. */
export type DeadSessionStyle = '401' | 'saml';

/** The four documented logouts, by version and method. */
export const LOGOUT_PATHS: Readonly<Record<`${LogoutVersion} ${LogoutMethod}`, string>> = {
  'v1 POST': '/mobileservices/sessions/logout',
  'v1 DELETE': '/mobileservices/sessions',
  'v2 POST': '/mobileservices/sessions/v2/logout',
  'v2 DELETE': '/mobileservices/sessions/v2',
};

/** The documented header of a SAML application's answer to a dead session. */
export const LOGIN_REQUEST_HEADER = 'com.sap.cloud.security.login';

/** The session cookie of the SAML flow, and the default of a target's sessionCookie. */
export const SESSION_COOKIE = 'JSESSIONID';

/**
 * Fields of a token answer (RFC 6749 5.1, 5.2) and of the session request's answer
 * known to carry no credential; every other value in them is masked as a secret
 * (deny by default), an `id_token` or a gateway's session handle included.
 */
export const HARMLESS_AUTH_FIELDS: readonly string[] = ['token_type', 'expires_in', 'scope', 'error', 'error_description', 'userName'];
