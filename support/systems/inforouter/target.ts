/** What a targets file says about an infoRouter server, and the test users it gives. */
import type { Account } from '../accounts.ts';
import type { TargetConfig } from '../system.ts';

export interface InfoRouterTarget extends TargetConfig {
  /** A user dedicated to conformance runs (UID). */
  readonly username: string;
  /** Its password (PWD). */
  readonly password: string;
  /** Further test users of the same rights: with `username`, the pool scenarios are given theirs from. */
  readonly moreUsers?: readonly Account[];
}

/** The test users of a target, the pool scenarios are given theirs from. */
export const testUsers = (target: InfoRouterTarget): Account[] => [{ username: target.username, password: target.password }, ...(target.moreUsers ?? [])];
