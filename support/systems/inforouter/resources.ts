import type { ResourceRules } from '../system.ts';

/**
 * infoRouter tickets of one user are independent as far as the documents say, but
 * they do not forbid a LogOut that ends every ticket of the user (INR-A3 only
 * assumes it does not). Every ticket the harness obtains is logged out, in the
 * scenario or in its clean-up, so a scenario that obtains one has the test user to
 * itself: a deployment that ends all tickets then still passes every MUST clause,
 * and only INR-A3 reports what it does. Calls with no ticket or an invalid one take
 * nothing.
 */
export const resources: ResourceRules<unknown> = {
  rules: [
    { step: /^(an|a second) infoRouter ticket for the (test|same) user$/, takes: { user: 'exclusive' } },
    { step: /^a ticket is requested through .+ for the test user$/, takes: { user: 'exclusive' } },
    {
      step: /^(the (second )?infoRouter ticket (is|has)|the ticket is logged out|LogOut is called|the LogOut|an unknown ticket|a malformed ticket|\d+ days pass|a ticket is requested through .+ with a wrong password|AuthenticateUser (succeeds|fails))/,
      takes: {},
    },
  ],
};
