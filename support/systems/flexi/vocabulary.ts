/** ABRA Flexi's wire names, as its client sends them and its simulator reads them. */

/** Where the session id travels: the preferred header, the cookie, or the query. */
export const SESSION_HEADER = 'x-authsessionid';
export const SESSION_COOKIE = 'authSessionId';
export const SESSION_QUERY = 'authSessionId';

/** JSON authentication. */
export const JSON_LOGIN = '/login-logout/login.json';
/** The web interface's login form, as the simulator serves it (a real one is described by the targets file). */
export const WEB_LOGIN = '/login-logout/login';
/** Where an expired session is sent. */
export const REMOTE_LOGOUT = '/login-logout/remote-logout';

/** Fields of a login answer known to carry no credential; every other value in it is masked as a secret (deny by default). */
export const HARMLESS_AUTH_FIELDS: readonly string[] = ['success', 'userId', 'reason', 'messageCode'];
