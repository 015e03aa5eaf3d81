import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../support/run/run.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import { inforouter } from '../../support/systems/inforouter/index.ts';
import { targetsFile } from '../support/targets-file.ts';
import { failures } from '../support/scenarios.ts';

// What the documents leave open is read as conformant: each variation alone, and
// all of them together, in process and served live.
describe('infoRouter variations', () => {
  for (const name of [...Object.keys(inforouter.variations), '*']) {
    it(`the suite passes with ${name === '*' ? 'every variation at once' : `"${name}"`}`, async () => {
      const { success, scenarios } = await runSuite({ tags: '@inforouter', parameters: { variations: [`inforouter/${name}`] } });
      assert.deepEqual(failures(scenarios, { allow: ['not-verified'] }), []);
      assert.ok(success && scenarios.every((s) => s.outcome === 'passed' || s.outcome === 'out-of-scope'));
    });
  }

  it('a live run against a simulator with every variation on passes and leaves no ticket open', async () => {
    const served = await serveSimulators(['inforouter'], { variations: ['inforouter/*'] });
    try {
      const { success, scenarios } = await runSuite({ tags: '@inforouter', parameters: { targets: await targetsFile(served.targets) } });
      assert.deepEqual(failures(scenarios, { allow: ['not-verified'] }), []);
      assert.ok(success && scenarios.some((s) => s.outcome === 'passed'));
      assert.equal(openSessionsOf('inforouter', served.simulators[0]?.model), 0);
    } finally {
      await served.close();
    }
  });
});
