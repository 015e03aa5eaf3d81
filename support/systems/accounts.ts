import { HarnessError } from '../http/errors.ts';

/** A test account: a login name and its password. */
export interface Account {
  readonly username: string;
  readonly password: string;
}

/**
 * An account no deployment has, for a control's refused sign-in (verdicts.ts judged):
 * refusing it locks out no real account.
 */
export const NO_SUCH_ACCOUNT: Account = { username: 'conformance-control-no-such-user', password: 'conformance-control-no-such-password' };

/** The targets-file schema of one account. */
export const accountSchema = (description: string) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['username', 'password'],
    description,
    properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
  }) as const;

/**
 * The schema of a list of further test accounts with the same rights as one the
 * entry names: the run gives each scenario its own (ResourceRules.accounts), so
 * scenarios that would undo each other on one account run side by side on several.
 */
export const moreAccountsSchema = (description: string) =>
  ({
    type: 'array',
    nullable: true,
    maxItems: 16,
    description,
    items: accountSchema('A further test account'),
  }) as const;

/**
 * The account a scenario signs in as for a pool's `index`-th unit it was given:
 * `pool` lists the accounts, the first the one the entry has always named.
 */
export function accountOf(pool: readonly Account[], units: readonly number[], index: number, what: string): Account {
  const unit = units[index];
  const account = unit === undefined ? undefined : pool[unit];
  if (!account)
    throw new HarnessError(`this scenario signs in as a ${what} its resource rules do not give it (${units.length} given): add a rule that takes one`);
  return account;
}

/**
 * Every login name a targets entry gives, however deep, each with where it stands
 * (`user`, `moreUsers.1`, '' for the entry itself) and as one user: a server may
 * take a login name in any case or Unicode form.
 */
export function accountNamesIn(entry: unknown, at = ''): { readonly at: string; readonly user: string }[] {
  if (!entry || typeof entry !== 'object') return [];
  const { username } = entry as { username?: unknown };
  const own = typeof username === 'string' ? [{ at, user: username.normalize('NFC').toLowerCase() }] : [];
  return [...own, ...Object.entries(entry).flatMap(([k, v]) => accountNamesIn(v, at ? `${at}.${k}` : k))];
}
