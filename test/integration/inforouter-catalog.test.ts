import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Clause } from '../../support/clauses.ts';
import { runSuite } from '../support/suite-runs.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { inforouter } from '../../support/systems/inforouter/index.ts';

const catalog: readonly Clause[] = inforouter.clauses;

// Its pure checks are in test/unit/inforouter-catalog.test.ts; its passages in test/unit/passages.test.ts.
describe('infoRouter catalog against its scenarios (a dry run)', () => {
  let plan: readonly ScenarioResult[];
  before(async () => {
    plan = (await runSuite({ tags: '@inforouter', dryRun: true })).scenarios;
    assert.ok(plan.length > 0, 'the dry run found no scenario');
  });

  it('every clause says how a live run verifies it, and its scenarios agree', () => {
    for (const clause of catalog) {
      assert.ok(clause.live, `${clause.id} does not say how it runs live`);
      const mine = plan.filter((s) => s.clauses.includes(clause.id));
      const runLive = mine.filter((s) => !s.tags.includes('@simulator') && !s.tags.includes('@slow'));
      if (clause.live.runs === 'never') {
        assert.ok(clause.live.why.length > 20, `${clause.id}: say why`);
        assert.deepEqual(
          runLive.map((s) => s.location),
          [],
          `${clause.id} is never verified live, yet these scenarios run live`,
        );
      } else {
        assert.ok(runLive.length > 0, `${clause.id} claims to run live but every scenario needs the simulator`);
      }
    }
  });
});
