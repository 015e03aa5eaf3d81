/** What a targets file says of a Flexi deployment, and whose account each role of a scenario signs in with. */
import { TargetError } from '../../http/errors.ts';
import { redactor } from '../../http/redact/index.ts';
import { accountOf, type Account } from '../accounts.ts';
import type { ScenarioServices, TargetConfig } from '../system.ts';

export type FlexiAccount = Account;

/**
 * Flexi's logout ends EVERY session of the user it names: the harness only ever
 * logs out the dedicated test accounts named here.
 */
export interface FlexiTarget extends TargetConfig {
  /** A company (database name) every test account may read. */
  readonly company: string;
  /** Rights to all companies and to manage the licence: may log out other users. */
  readonly admin: FlexiAccount;
  /** An ordinary test user, without those rights. */
  readonly user: FlexiAccount;
  /** Another ordinary test user. */
  readonly otherUser: FlexiAccount;
  /** Further ordinary test users: with `user` and `otherUser`, the pool scenarios are given theirs from. */
  readonly moreUsers?: readonly FlexiAccount[];
  /** Further administrators: with `admin`, the pool scenarios are given theirs from. */
  readonly moreAdmins?: readonly FlexiAccount[];
  /** A test user whose login has non-ASCII letters (e.g. novák); FLX-10 needs it. */
  readonly nonAsciiUser?: FlexiAccount;
  /** Server authorization (a server account, not a company user), sent by HTTP Basic; FLX-12 needs it. */
  readonly serverAuth?: FlexiAccount;
  /** How the web interface logs in (not in the logout document, so the target says); FLX-11 needs it. */
  readonly webLogin?: FlexiWebLogin;
  /** A JSON call in the company that needs a session; default /c/{company}/adresar.json?limit=1. */
  readonly probePath?: string;
  /** How a dead session's JSON call is answered: 401 (default) or a redirect to /login-logout/remote-logout. */
  readonly deadSession?: '401' | 'redirect';
}

/** A form POST of name and password whose answer sets the web session's cookie(s). */
export interface FlexiWebLogin {
  readonly path: string;
  readonly usernameField?: string;
  readonly passwordField?: string;
  /** A page answering 200 to a live web session, 401 or a redirect to a login page to a dead one; default /c/{company}. */
  readonly probePath?: string;
}

export type FlexiRole = 'admin' | 'user' | 'other user' | 'non-ASCII user';
/** Whose credentials: a test user's, or the server authorization's. */
export type FlexiCredentials = FlexiRole | 'server';

/** The JSON call in the company that shows whether a session authenticates. */
export const probePathOf = (target: FlexiTarget): string => target.probePath ?? `/c/${encodeURIComponent(target.company)}/adresar.json?limit=1`;

/** The ordinary test users of a target, the pool scenarios are given theirs from. */
const ordinaryUsers = (target: FlexiTarget): FlexiAccount[] => [target.user, target.otherUser, ...(target.moreUsers ?? [])];

/** The administrators of a target, likewise. */
const admins = (target: FlexiTarget): FlexiAccount[] => [target.admin, ...(target.moreAdmins ?? [])];

/** The accounts of one scenario: the pool units it was given, and the optional accounts of the targets file. */
export class FlexiAccounts {
  readonly #target: FlexiTarget;
  readonly #services: ScenarioServices;

  constructor(services: ScenarioServices, target: FlexiTarget) {
    this.#target = target;
    this.#services = services;
    for (const account of [...admins(target), ...ordinaryUsers(target), target.nonAsciiUser, target.serverAuth])
      if (account) redactor.register(account.password);
  }

  /**
   * Whose name and password a role signs in with. The user and the other user are
   * the ordinary test users this scenario was given, the administrator the one it
   * was given; a scenario given none calls as the first administrator only with
   * HTTP Basic (a clean-up's logout), which opens no session to end anyone else's.
   */
  account(who: FlexiCredentials, use: 'session' | 'basic' = 'session'): FlexiAccount {
    if (who === 'user' || who === 'other user')
      return accountOf(ordinaryUsers(this.#target), this.#services.units('user'), who === 'user' ? 0 : 1, 'ordinary Flexi test user');
    if (who === 'admin') {
      const given = this.#services.units('admin');
      return given.length || use === 'session' ? accountOf(admins(this.#target), given, 0, 'Flexi administrator') : this.#target.admin;
    }
    const account = {
      'non-ASCII user': this.#target.nonAsciiUser,
      server: this.#target.serverAuth,
    }[who];
    if (!account) throw new TargetError('flexi', 'targets file', `no ${who} account is configured (${who === 'server' ? 'serverAuth' : 'nonAsciiUser'})`);
    return account;
  }
}
