/** infoRouter's wire names and words, as its client sends them and its simulator reads them. */

/** The three ways LogOut is offered; they are one operation. */
export type Binding = 'GET' | 'form POST' | 'SOAP';

/** Where a browser-based client keeps its ticket, read when the parameter is absent. */
export const TICKET_COOKIE = 'ticket';

/** The documented code of "Session expired or Invalid ticket"; the words after it may vary. */
export const INVALID_TICKET = '901';

/** The documented code of "Authentication failed", AuthenticateUser's refusal. */
export const AUTHENTICATION_FAILED = '900';

/** Attributes of an AuthenticateUser root known to carry no credential; every other value in it is masked as a secret (deny by default). */
export const HARMLESS_AUTH_FIELDS: readonly string[] = ['success', 'error', 'userid', 'username', 'expireOn', 'isAuthenticated'];
