import type { Plugin } from '@cucumber/cucumber/api';
import { assignUnits } from '../harness/claims.ts';
import { findRun } from '../harness/run-state.ts';

/**
 * Gives every scenario of a run its test accounts before any scenario starts, as a
 * cucumber plugin on the public plugin API (`runCucumber`'s `plugins`): its
 * `pickles:order` transform sees the pickles that will run, with the ids their
 * worlds and hooks see, in the features' order, once per run. It changes no order;
 * it only records the assignment on the run (claims.ts `assignUnits`), so a run at
 * any concurrency, one included, gives each scenario the same accounts, whether or
 * not the scheduler runs scenarios side by side. (`loadSources`' plan cannot serve:
 * its items carry a name, a uri and a line, but no id, tags or steps, and the run
 * gives its pickles ids of its own.)
 */
const accounts: Plugin = {
  type: 'plugin',
  coordinator({ transform }) {
    transform('pickles:order', (pickles) => {
      const run = findRun();
      if (run)
        run.assignment = assignUnits(
          pickles.map((p) => p.pickle),
          run.stage.pools,
        );
      return pickles;
    });
  },
};

export default accounts;
