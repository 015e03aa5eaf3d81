import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../support/run/run.ts';
import { systemKeys, systems } from '../../support/systems/index.ts';
import { failures } from '../support/scenarios.ts';

// Every check can fail: for each named defect of each simulator, the suite run
// against the defective simulator must report a nonconformance on the clause the
// defect breaks. And with no defect at all, the suite passes.
for (const key of systemKeys) {
  describe(`${key} negative controls`, () => {
    it('the suite passes against the faithful simulator', async () => {
      const { success, scenarios } = await runSuite({ tags: `@${key}` });
      assert.deepEqual(failures(scenarios), []);
      assert.ok(success && scenarios.length > 0);
    });

    for (const [defect, { clause, description }] of Object.entries(systems[key].defects)) {
      it(`catches "${defect}" (${description}) on ${clause}`, async () => {
        const { success, scenarios } = await runSuite({ tags: `@${key}`, parameters: { mode: 'simulated', defects: [`${key}/${defect}`] } });
        assert.equal(success, false, 'the run should fail');
        const caught = scenarios.filter((s) => s.outcome === 'failed' && s.clauses.includes(clause));
        assert.ok(
          caught.length > 0,
          `no ${clause} scenario failed; failures: ${
            scenarios
              .filter((s) => s.outcome !== 'passed')
              .map((s) => s.location)
              .join(', ') || 'none'
          }`,
        );
        for (const s of caught) assert.equal(s.error?.type, 'Nonconformance', `${s.location} failed for another reason: ${s.error?.message}`);
      });
    }
  });
}
