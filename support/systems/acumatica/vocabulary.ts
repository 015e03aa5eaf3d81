/** MYOB Acumatica's wire names and words, as its client sends them and its simulator reads them. */

/** Below the instance URL. */
export const SIGN_IN = '/entity/auth/login';
export const SIGN_OUT = '/entity/auth/logout';

/** The cookies that carry a session (the vendor's own client relies on the first). */
export const SESSION_COOKIE = 'ASP.NET_SessionId';
export const AUTH_COOKIE = '.ASPXAUTH';

/** The statuses the sign-out document lists, with its words for them. */
export const SIGN_OUT_STATUSES: Readonly<Record<number, string>> = {
  204: 'signed out',
  400: 'invalid data',
  429: 'licence request limit exceeded',
  500: 'internal server error',
};

/**
 * Fields of a sign-in answer known to carry no credential. Every other value in it
 * is masked as a secret (deny by default); a sign-in answers 204 without a body, so
 * nothing is named: its cookies and any header of its own are secrets unless plain.
 */
export const HARMLESS_AUTH_FIELDS: readonly string[] = [];
