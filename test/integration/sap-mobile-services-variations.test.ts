import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../support/run/run.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { sapMobileServices } from '../../support/systems/sap-mobile-services/index.ts';
import { failures } from '../support/scenarios.ts';

const KEY = 'sap-mobile-services';
/** Whether every check of the clause's scenarios held. */
const held = (scenarios: readonly ScenarioResult[], clause: string) =>
  scenarios
    .filter((s) => s.clauses.includes(clause))
    .flatMap((s) => s.observations)
    .every((o) => o.held);

// What the documents leave open is read as any correct client would: with every
// variation on, and with each alone, every scenario passes. Where a variation is
// what an assumption guesses about, the assumption reports it as not held.
describe('sap-mobile-services variations', () => {
  it('every scenario passes with all of them on together', async () => {
    const { success, scenarios } = await runSuite({ tags: `@${KEY}`, parameters: { variations: [`${KEY}/*`] } });
    assert.deepEqual(failures(scenarios), []);
    assert.ok(success);
  });

  const assumptions: Record<string, string> = {
    'v2-ends-every-session': 'SAP-A2',
    'v1-ends-every-session': 'SAP-A5',
    'v1-revokes-refresh-tokens': 'SAP-A1',
    'revoked-token-401': 'SAP-A3',
  };
  for (const variation of Object.keys(sapMobileServices.variations)) {
    it(`every scenario passes with "${variation}"${assumptions[variation] ? `, and ${assumptions[variation]} reports it` : ''}`, async () => {
      const { scenarios } = await runSuite({ tags: `@${KEY}`, parameters: { variations: [`${KEY}/${variation}`] } });
      assert.deepEqual(failures(scenarios), []);
      for (const clause of ['SAP-A1', 'SAP-A2', 'SAP-A3', 'SAP-A4', 'SAP-A5', 'SAP-A6'])
        assert.equal(held(scenarios, clause), assumptions[variation] !== clause, `${clause} under ${variation}`);
    });
  }

  it("SAP-A2's observation says what the probe saw of the other session: live, or dead", async () => {
    const observed = async (variations: string[]) => {
      const { scenarios } = await runSuite({ tags: `@${KEY} and @clause:SAP-A2`, parameters: { variations } });
      return scenarios.flatMap((s) => s.observations).map((o) => `${o.observed} ${o.held}`);
    };
    assert.deepEqual(await observed([]), ['live (200) true']);
    assert.deepEqual(await observed([`${KEY}/v2-ends-every-session`]), ['dead (401) false']);
  });
});
