import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../support/run/run.ts';
import { failures } from '../support/scenarios.ts';

const KEY = 'sap-mobile-services';

// What the documents leave open is read as any correct client would: with every
// variation on, and with each alone, every scenario passes, and where a variation is
// what an assumption guesses about, the assumption reports it as not held
// (variations.test.ts, with the other systems' variations).
describe('sap-mobile-services variations', () => {
  it("SAP-A2's observation says what the probe saw of the other session: live, or dead", async () => {
    const observed = async (variations: string[]) => {
      const { scenarios } = await runSuite({ tags: `@${KEY} and @clause:SAP-A2`, parameters: { variations } });
      assert.deepEqual(failures(scenarios), []);
      return scenarios.flatMap((s) => s.observations).map((o) => `${o.observed} ${o.held}`);
    };
    assert.deepEqual(await observed([]), ['live (200) true']);
    assert.deepEqual(await observed([`${KEY}/v2-ends-every-session`]), ['dead (401) false']);
  });
});
