import { Cleanups } from '../../support/harness/cleanups.ts';
import { runTogether, type Branches } from '../../support/harness/together.ts';
import type { HttpClient } from '../../support/http/client.ts';
import type { ScenarioServices } from '../../support/systems/system.ts';
import { WorkingEndpoints } from '../../support/verdicts.ts';

/**
 * What a client gets from its scenario, for a client tested on its own: the first
 * two accounts of every pool (the user and, where there is one, the other user);
 * what would be closed after the run is closed with the rest.
 */
export const servicesFor = (http: HttpClient, cleanups = new Cleanups(), endpoints = new WorkingEndpoints()): ScenarioServices => ({
  http,
  cleanups,
  afterTheRun: cleanups,
  endpoints,
  units: () => [0, 1],
  together: <T extends readonly unknown[]>(...work: Branches<T>) => {
    const from = cleanups.size;
    return runTogether(work, (depth) => cleanups.inBranchOrder(from, depth));
  },
});
