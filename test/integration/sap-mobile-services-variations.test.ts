import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../support/run/run.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { sapMobileServices } from '../../support/systems/sap-mobile-services/index.ts';
import { failures } from '../support/scenarios.ts';
import { targetsFile } from '../support/targets-file.ts';

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

  // A look after a logout reads in a session opened beside that logout, and SAP-2's second
  // set-up signs in beside the first logout: where a logout ends every session of the
  // user, those sessions are found dead after it and opened again, with the same verdict,
  // and the run leaves nothing open: no session, refresh token or push registration.
  const served = async (variations: string[]) => {
    const { simulators, targets, close } = await serveSimulators([KEY], {
      variations,
      // Each logout acts after the sign-ins sent beside it, so that it can end them.
      delay: (req) => (/\/sessions(\/|$)/.test(req.path) && req.method !== 'GET' ? 50 : 0),
      // Push requests answered as in a dead session: a registration, or a read after a logout.
      observe: (req, res) => void (req.path.includes('/push/') && res.status === 401 && dead.push(req.method)),
    });
    const dead: string[] = [];
    const model = simulators[0]?.model as { pushRegistrations: number };
    const before = openSessionsOf(KEY, model);
    try {
      const { scenarios } = await runSuite({ tags: `@${KEY} and (@clause:SAP-2 or @clause:SAP-5)`, parameters: { targets: await targetsFile(targets) } });
      assert.equal(openSessionsOf(KEY, model), before, 'a session or refresh token was left');
      assert.equal(model.pushRegistrations, 0, 'a push registration was left');
      const verdicts = scenarios
        .filter((s) => s.location.includes(KEY))
        .map((s) => `${s.location} ${s.outcome}: ${s.observations.map((o) => `${o.observed} ${o.held}`).join('; ')}`);
      return { verdicts, dead: [...new Set(dead)].sort() };
    } finally {
      await close();
    }
  };
  for (const [variation, dead] of [
    ['v2-ends-every-session', ['GET', 'POST']],
    ['v1-ends-every-session', ['GET', 'POST']],
  ] as const) {
    it(`with "${variation}" served live, the sessions opened beside a logout are found dead and opened again, each verdict the same`, async () => {
      const plain = await served([]);
      assert.deepEqual(plain.dead, [], 'no session opened beside a logout is ended by it');
      const varied = await served([`${KEY}/${variation}`]);
      assert.deepEqual(varied.dead, dead, 'a read and a registration found their session dead');
      assert.deepEqual(varied.verdicts, plain.verdicts);
    });
  }
});
