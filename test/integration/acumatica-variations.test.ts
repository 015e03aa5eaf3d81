import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../support/run/run.ts';
import { acumatica } from '../../support/systems/acumatica/index.ts';
import { failures } from '../support/scenarios.ts';

// What a real instance may legally do differently must never read as a nonconformance.
describe('acumatica variations within the documents', () => {
  it('every scenario passes with all of them on together', async () => {
    const { success, scenarios } = await runSuite({ tags: '@acumatica', parameters: { variations: ['acumatica/*'] } });
    assert.deepEqual(failures(scenarios), []);
    assert.ok(success && scenarios.length > 0);
  });

  for (const name of Object.keys(acumatica.variations)) {
    it(`every scenario passes with "${name}" alone`, async () => {
      const { scenarios } = await runSuite({ tags: '@acumatica', parameters: { variations: [`acumatica/${name}`] } });
      assert.deepEqual(failures(scenarios), []);
    });
  }
});
