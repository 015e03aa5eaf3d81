import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cleanups } from '../../support/harness/cleanups.ts';
import { openStage } from '../../support/harness/open-stage.ts';
import type { ScenarioContext } from '../../support/harness/stage.ts';
import { HttpClient } from '../../support/http/client.ts';
import { ManualClock } from '../../support/simulation/clock.ts';

// A simulator ends with a loud catch-all: a request it does not understand is
// answered 501 and recorded, and the scenario that sent it fails as the harness's
// fault — it can never pass on a request the simulator did not understand.
describe("the simulators' catch-all", () => {
  for (const mode of ['simulated', 'loopback'] as const) {
    it(`answers a request no route knows with 501 and records it for the scenario (${mode})`, async () => {
      const stage = await openStage({ mode });
      try {
        const scenario: ScenarioContext = { clock: new ManualClock(), cleanups: new Cleanups(), simulatorFaults: [] };
        const { config } = stage.connect('flexi', scenario);
        const http = new HttpClient({ system: 'flexi', baseUrl: config.baseUrl, timeoutMs: 5_000, dispatcher: stage.dispatcher, record: () => {} });
        const known = await http.send({ method: 'GET', path: '/c/demo/adresar.json' });
        assert.equal(known.status, 401, 'a route the simulator has answers as the vendor would');
        const unknown = await http.send({ method: 'PUT', path: '/status/user/franta/logout' });
        assert.equal(unknown.status, 501);
        assert.match(unknown.body, /^simulator: no route for PUT \/status\/user\/franta\/logout$/);
        assert.deepEqual(scenario.simulatorFaults, [], 'faults are handed over when the scenario unmounts its simulator');
        await scenario.cleanups.run();
        assert.deepEqual(scenario.simulatorFaults, ['the flexi simulator could not answer PUT /status/user/franta/logout: the simulator has no route for it']);
      } finally {
        await stage.close();
      }
    });
  }
});

describe('a host no simulator serves, in process', () => {
  it("is named in the stage's words, which the HTTP layer takes from the stage (it knows nothing of nock)", async () => {
    const stage = await openStage({ mode: 'simulated' });
    try {
      const options = { system: 'flexi', baseUrl: 'http://nowhere.simulator.test', timeoutMs: 5_000, dispatcher: stage.dispatcher, record: () => {} };
      const told = new HttpClient({ ...options, ...(stage.describeFailure ? { describeFailure: stage.describeFailure } : {}) });
      await assert.rejects(told.send({ method: 'GET', path: '/' }), /no simulator answers for this host \(real network is off in simulator mode\)$/);
      const untold = new HttpClient(options);
      await assert.rejects(untold.send({ method: 'GET', path: '/' }), (err: Error) => err.name === 'TargetError' && !/no simulator answers/.test(err.message));
    } finally {
      await stage.close();
    }
  });
});
