import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../support/run/run.ts';
import { TRANSPORT_VARIATIONS } from '../../support/simulation/route-table.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import { systemKeys, systems } from '../../support/systems/index.ts';
import { targetsFile } from '../support/targets-file.ts';
import { failures } from '../support/scenarios.ts';

// Real deployments differ from the simulators in every way the documents leave open:
// framing, encodings, cookies, XML and JSON shapes. With every such variation of every
// system and of the transport switched on together, every system stays conformant.
const ALL = ['*'];

describe('the suite against every legal variation at once', () => {
  it('every system has variations to run against, and so does the transport', () => {
    for (const key of systemKeys) assert.ok(Object.keys(systems[key].variations).length > 0, `${key} has no variation`);
    assert.ok(Object.keys(TRANSPORT_VARIATIONS).length > 0);
  });

  for (const mode of ['simulated', 'loopback'] as const) {
    it(`passes every scenario, ${mode}`, async () => {
      const { success, scenarios } = await runSuite({ parameters: { mode, variations: ALL } });
      assert.deepEqual(failures(scenarios, { allow: ['not-verified'] }), []);
      assert.ok(success && scenarios.every((s) => s.outcome === 'passed'));
    });
  }

  it('passes every scenario that runs live, served on loopback, and leaves nothing open', async () => {
    const served = await serveSimulators(systemKeys, { variations: ALL });
    try {
      const { scenarios } = await runSuite({ parameters: { targets: await targetsFile(served.targets) } });
      assert.deepEqual(failures(scenarios, { allow: ['not-verified'] }), []);
      for (const key of systemKeys)
        assert.ok(
          scenarios.some((s) => s.system === key && s.outcome === 'passed'),
          `no ${key} scenario ran live`,
        );
      for (const sim of served.simulators) assert.equal(openSessionsOf(sim.key, sim.model), 0, `${sim.key} still holds sessions the run opened`);
    } finally {
      await served.close();
    }
  });
});
