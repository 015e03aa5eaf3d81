import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetsFile } from './support/targets-file.ts';
import { runSuite } from '../support/run/run.ts';
import { serveSimulators } from '../support/simulation/serve.ts';
import { flexi } from '../support/systems/flexi/index.ts';

// Served live (loopback, the simulator's own config as the targets file, no simulator
// controls), every defect must be caught as a nonconformance on its clause, unless
// that clause cannot be verified live at all: a live run must never call a broken
// Flexi conformant.
describe('flexi defects served live', () => {
  for (const [defect, { clause }] of Object.entries(flexi.defects)) {
    it(`"${defect}" is caught on ${clause}, or ${clause} is not verifiable live`, async () => {
      const live = flexi.clauses.find((c) => c.id === clause)?.live;
      assert.ok(live, `${clause} says nothing about live verification`);
      const served = await serveSimulators(['flexi'], { defects: [`flexi/${defect}`] });
      try {
        const { scenarios } = await runSuite({ tags: '@flexi', parameters: { targets: await targetsFile(served.targets) } });
        const mine = scenarios.filter((s) => s.clauses.includes(clause));
        assert.ok(mine.length > 0, `no ${clause} scenario in the run`);
        if (live.runs === 'never') {
          assert.ok(mine.every((s) => s.status !== 'failed' || s.error?.type === 'Nonconformance'), `${clause} broke in another way`);
          return;
        }
        // The served simulator's targets file has every optional entry: only @simulator scenarios may skip.
        const skipped = scenarios.filter((s) => s.status === 'skipped' && !s.tags.includes('@simulator'));
        assert.deepEqual(skipped.map((s) => `${s.location}: ${s.skipReason}`), []);
        const caught = mine.filter((s) => s.status === 'failed');
        assert.ok(caught.length > 0 || mine.every((s) => s.status === 'skipped'), `${defect} served live: ${clause} scenarios ${mine.map((s) => s.status).join(', ')}`);
        for (const s of caught) assert.equal(s.error?.type, 'Nonconformance', `${s.location}: ${s.error?.message}`);
      } finally {
        await served.close();
      }
    });
  }
});
