/** Flexi's sessions as the harness holds them, and how a caller presents one (or HTTP Basic credentials) on a request. */
import { CookieJar } from '../../http/cookie-jar.ts';
import { basicAuthorization } from '../../http/client.ts';
import type { FlexiAccounts, FlexiCredentials, FlexiRole } from './target.ts';
import { SESSION_COOKIE, SESSION_HEADER, SESSION_QUERY } from './vocabulary.ts';

/** Where the session id travels. */
export type SessionCarrier = 'header' | 'cookie' | 'query';

export class FlexiSession {
  readonly role: FlexiRole;
  readonly login: string;
  readonly id: string;
  constructor(role: FlexiRole, login: string, id: string) {
    this.role = role;
    this.login = login;
    this.id = id;
  }
}

/** A session of the web interface: whatever cookies its login set. */
export class FlexiWebSession {
  readonly role: FlexiRole;
  readonly jar: CookieJar;
  constructor(role: FlexiRole, jar: CookieJar) {
    this.role = role;
    this.jar = jar;
  }
}

/** Who calls: a session (its id carried one way) or an account by HTTP Basic authentication. */
export type FlexiCaller = { readonly session: FlexiSession; readonly carrier?: SessionCarrier } | { readonly basic: FlexiCredentials };

/** The headers, query parameters and cookie jar that present a caller on one request. */
export function present(caller: FlexiCaller, accounts: FlexiAccounts): { headers: Record<string, string>; query: Record<string, string>; jar?: CookieJar } {
  const headers: Record<string, string> = {};
  const query: Record<string, string> = {};
  if ('basic' in caller) {
    const { username, password } = accounts.account(caller.basic, 'basic');
    headers.authorization = basicAuthorization(username, password);
    return { headers, query };
  }
  const carrier = caller.carrier ?? 'header';
  if (carrier === 'header') headers[SESSION_HEADER] = caller.session.id;
  else if (carrier === 'query') query[SESSION_QUERY] = caller.session.id;
  else {
    const jar = new CookieJar();
    jar.set(SESSION_COOKIE, caller.session.id);
    return { headers, query, jar };
  }
  return { headers, query };
}
