import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../support/suite-runs.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import { failures } from '../support/scenarios.ts';
import { targetsFile } from '../support/targets-file.ts';

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
