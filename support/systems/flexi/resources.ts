import type { ResourceRules } from '../system.ts';
import type { FlexiTarget } from './client.ts';

/**
 * Every Flexi login of an ordinary user registers a clean-up that logs its user out,
 * and a logout ends EVERY session of the user: a scenario that opens or ends a
 * session of a user, or needs that user to have none, has the user to itself. The
 * ordinary test users (`user`, `otherUser`, `moreUsers`) are one pool and the
 * administrators another: each scenario is given its own from each (a scenario with
 * the other user has two ordinary users), and scenarios given different ones
 * overlap. An administrator only calls the logout (a logout ends the named user's
 * sessions, not the caller's: FLX-1) and is never logged out by a scenario, so
 * scenarios share theirs, whose sessions are ended after the run. HTTP Basic calls
 * open no session and take nothing.
 */
export const resources: ResourceRules<FlexiTarget> = {
  rules: [
    { step: /\bthe administrator\b/, takes: { admin: 'shared' } },
    { step: /\bthe other user\b/, takes: { user: 2 } },
    { step: /\bthe non-ASCII user\b/, takes: { nonAsciiUser: 'exclusive' } },
    { step: /(^|\s)the user('s)?\b/, takes: { user: 1 } },
    { step: /^(the Flexi logout|the Flexi refusal|the Flexi server withdraws|the dead Flexi session's|the server-authorized caller)/, takes: {} },
  ],
  pools: (config) => ({ user: 2 + (config.moreUsers?.length ?? 0), admin: 1 + (config.moreAdmins?.length ?? 0) }),
  accounts: ['user', 'admin'],
};
