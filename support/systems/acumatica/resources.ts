import type { ResourceRules } from '../system.ts';
import type { AcumaticaTarget } from './client.ts';

/**
 * Every API session holds one API-user seat of the licence until it is signed out
 * (or closed for idleness); a sign-out ends only its own session, so scenarios of
 * the one test user may overlap as long as the seats suffice. A scenario that holds
 * every seat has the instance's licence to itself.
 */
export const resources: ResourceRules<AcumaticaTarget> = {
  rules: [
    { step: /^every free API-user seat of the licence held by a session/, takes: { seat: 'exclusive' } },
    { step: /^an API session signed in/, takes: { seat: 1 } },
    { step: /^a second API session signed in/, takes: { seat: 2 } },
    { step: /^the API user signs in/, takes: { seat: 1 } },
    { step: /^a further sign-in succeeds$/, takes: { seat: 1 } },
    {
      step: /^(the instance URL|the (first |second )?session|the session's cookies|the second session's cookies|the sign-(out|in) answers|a sign-out is sent without any session|the licence (refuses|had at least)|no seat that an earlier sign-out|an entity call is refused|other clients' requests take every concurrent-request slot|\d+ (more )?minutes pass)/,
      takes: {},
    },
  ],
  // A trial licence admits 2 API users, the fewest there are; a target that names its limit is taken at its word.
  // Seats held from outside the run are not known here: a sign-in refused for want of
  // one waits for a seat of the run's own (client.ts signInOnAFreeSeat).
  pools: (config) => ({ seat: config.apiUserLimit ?? 2 }),
};
