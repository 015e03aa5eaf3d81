import type { ResourceRules } from '../system.ts';
import type { InfoRouterTarget } from './target.ts';

/**
 * infoRouter tickets of one user are independent as far as the documents say, but
 * they do not forbid a LogOut that ends every ticket of the user (INR-A3 only
 * assumes it does not). Every ticket the harness obtains is logged out, in the
 * scenario or in its clean-up, so a scenario that obtains one has its test user to
 * itself: a deployment that ends all tickets then still passes every MUST clause,
 * and only INR-A3 reports what it does. Each such scenario is given one of the test
 * users (`username` and `moreUsers`), and scenarios given different ones overlap; a
 * second ticket "for the same user" is of the one it was given. Calls with no
 * ticket or an invalid one take nothing; a wrong password takes a user too, since a
 * server that wrongly took it would issue a ticket.
 */
export const resources: ResourceRules<InfoRouterTarget> = {
  rules: [
    { step: /^(an|a second) infoRouter ticket for the (test|same) user$/, takes: { user: 1 } },
    { step: /^a ticket is requested through .+ for the test user$/, takes: { user: 1 } },
    // A server that wrongly took the wrong password would issue a ticket, logged out at the end like any.
    { step: /^a ticket is requested through .+ with a wrong password$/, takes: { user: 1 } },
    {
      step: /^(the (second )?infoRouter ticket (is|has)|the ticket is logged out|LogOut is called|the LogOut|an unknown ticket|a malformed ticket|\d+ days pass|AuthenticateUser (succeeds|fails))/,
      takes: {},
    },
  ],
  pools: (config) => ({ user: 1 + (config.moreUsers?.length ?? 0) }),
  accounts: ['user'],
};
