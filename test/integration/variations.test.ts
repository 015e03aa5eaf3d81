import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ScenarioResult } from '../../support/report/results.ts';
import type { RunOutcome } from '../../support/run/run.ts';
import { runSuite } from '../support/suite-runs.ts';
import { TRANSPORT_VARIATIONS } from '../../support/simulation/route-table.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import { systemKeys, systems, type SystemKey } from '../../support/systems/index.ts';
import { targetsFile } from '../support/targets-file.ts';
import { roundsOf } from '../support/rounds.ts';
import { failures } from '../support/scenarios.ts';

// Real deployments differ from the simulators in every way the documents leave open:
// framing, encodings, cookies, XML and JSON shapes. With every such variation of every
// system and of the transport switched on together, every system stays conformant.
const ALL = ['*'];

/** The whole suite with every variation on, in process: also what each system's tests below read as "all of them on together". */
let allInProcess: Promise<RunOutcome> | undefined;
const everyVariationInProcess = () => (allInProcess ??= runSuite({ parameters: { mode: 'simulated', variations: ALL } }));

describe('the suite against every legal variation at once', () => {
  it('every system has variations to run against, and so does the transport', () => {
    for (const key of systemKeys) assert.ok(Object.keys(systems[key].variations).length > 0, `${key} has no variation`);
    assert.ok(Object.keys(TRANSPORT_VARIATIONS).length > 0);
  });

  for (const mode of ['simulated', 'loopback'] as const) {
    it(`passes every scenario, ${mode}`, async () => {
      const { success, scenarios } = await (mode === 'simulated' ? everyVariationInProcess() : runSuite({ parameters: { mode, variations: ALL } }));
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

// A variation that another one hides would pass with all of them on: so each also runs
// alone, with the rest of its system's suite. A run holds several systems, each with its
// own switches acting on its own simulator and judged by its own scenarios: the i-th
// variation of every system runs in the i-th run, alone in its system. Those runs go over
// loopback HTTP, where a run costs about half of nock in process; the transport is not
// what they vary (concurrency.test.ts shows every answer alike on both). All at once is the
// run above with every variation on, the transport's too, through nock: one run per set of
// variations, not one per system.
const ALONE: readonly SystemKey[] = ['acumatica', 'inforouter', 'sap-mobile-services'];

/** Where a SAP Mobile Services variation is what an assumption guesses about: that assumption reports it as not held, and only that one. */
const SAP_ASSUMPTIONS: Readonly<Record<string, string>> = {
  'v2-ends-every-session': 'SAP-A2',
  'v1-ends-every-session': 'SAP-A5',
  'v1-revokes-refresh-tokens': 'SAP-A1',
  'revoked-token-401': 'SAP-A3',
};

/** Whether every check of the clause's scenarios held. */
const held = (scenarios: readonly ScenarioResult[], clause: string) =>
  scenarios
    .filter((s) => s.clauses.includes(clause))
    .flatMap((s) => s.observations)
    .every((o) => o.held);

/** One run over loopback of the suites of the systems `variations` names (`key/name`): each system's scenarios, and whether the run succeeded. */
async function onLoopback(variations: readonly string[]) {
  const keys = [...new Set(variations.map((v) => v.split('/')[0] as SystemKey))];
  const { success, scenarios } = await runSuite({ tags: keys.map((k) => `@${k}`).join(' or '), parameters: { mode: 'loopback', variations: [...variations] } });
  return { success, of: (key: SystemKey) => scenarios.filter((s) => s.system === key) };
}

describe("each system's variations: all at once, and each alone", () => {
  let together: RunOutcome;
  /** By `key/variation`: its system's scenarios. */
  const alone = new Map<string, readonly ScenarioResult[]>();
  /** The runs above that did not succeed, by what they switched on. */
  const unsuccessful: string[] = [];
  const names = Object.fromEntries(ALONE.map((key) => [key, Object.keys(systems[key].variations)])) as Record<SystemKey, string[]>;

  before(async () => {
    together = await everyVariationInProcess();
    if (!together.success) unsuccessful.push('all at once');
    for (const variations of roundsOf(names)) {
      const round = Object.entries(variations).map(([key, name]) => `${key}/${name}`);
      const { success, of } = await onLoopback(round);
      if (!success) unsuccessful.push(round.join(', '));
      for (const variation of round) alone.set(variation, of(variation.split('/')[0] as SystemKey));
    }
  });

  for (const key of ALONE) {
    it(`${key}: every scenario passes with all of them on together`, () => {
      const scenarios = together.scenarios.filter((s) => s.system === key);
      assert.deepEqual(failures(scenarios), []);
      assert.ok(scenarios.every((s) => s.outcome === 'passed' || s.outcome === 'out-of-scope'));
    });

    for (const name of names[key]) {
      const assumption = key === 'sap-mobile-services' ? SAP_ASSUMPTIONS[name] : undefined;
      it(`${key}: every scenario passes with "${name}" alone${assumption ? `, and ${assumption} reports it` : ''}`, () => {
        const scenarios = alone.get(`${key}/${name}`) ?? [];
        assert.deepEqual(failures(scenarios), []);
        assert.ok(scenarios.every((s) => s.outcome === 'passed' || s.outcome === 'out-of-scope'));
        if (key === 'sap-mobile-services')
          for (const clause of ['SAP-A1', 'SAP-A2', 'SAP-A3', 'SAP-A4', 'SAP-A5', 'SAP-A6'])
            assert.equal(held(scenarios, clause), assumption !== clause, `${clause} under ${name}`);
      });
    }
  }

  // A run's success is its systems' together: each system's test above reads its own scenarios, and this one the runs.
  it('every one of those runs succeeds', () => {
    assert.deepEqual(unsuccessful, []);
  });

  it('infoRouter: a live run against a simulator with every variation on passes and leaves no ticket open', async () => {
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
