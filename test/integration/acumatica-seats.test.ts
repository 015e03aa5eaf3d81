import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCompliance } from '../../support/report/compliance.ts';
import { runSuite } from '../support/suite-runs.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import type { AcumaticaTarget } from '../../support/systems/acumatica/client.ts';
import type { AcumaticaModel } from '../../support/systems/acumatica/model.ts';
import { targetsFile } from '../support/targets-file.ts';

// Acumatica's seats are a pool shared by the whole run on a live instance: the run
// measures what is free, waits for its own, and tells a seat its own sign-out should
// have freed from one held by another client.
async function live(options: { defects?: string[]; variations?: string[] }, before: (model: AcumaticaModel, config: AcumaticaTarget) => void = () => {}) {
  const served = await serveSimulators(['acumatica'], options);
  before(served.simulators[0]?.model as AcumaticaModel, served.targets.systems.acumatica as AcumaticaTarget);
  try {
    const outcome = await runSuite({ tags: '@acumatica', parameters: { targets: await targetsFile(served.targets) } });
    const system = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls }).systems.find((s) => s.key === 'acumatica');
    return { outcome, system, open: openSessionsOf('acumatica', served.simulators[0]?.model) };
  } finally {
    await served.close();
  }
}

describe('acumatica seats, live', () => {
  it('a seat kept after a 204 sign-out (seat-not-released) fails ACU-4, with nothing broken', async () => {
    const { outcome, system } = await live({ defects: ['acumatica/seat-not-released'] });
    assert.deepEqual(system?.must.failed, ['ACU-4']);
    assert.deepEqual(system?.must.broken, []);
    const acu4 = outcome.scenarios.find((s) => s.clauses.includes('ACU-4'));
    assert.match(acu4?.error?.message ?? '', /signed \d+ out with 204.*seat\(s\) its sign-outs should have freed stay taken/);
    for (const s of outcome.scenarios.filter((x) => x.outcome === 'not-verified' && x.notRun?.kind === 'targets-entry'))
      assert.match(s.notRun?.reason ?? '', /finding of ACU-4|URL form/);
  });

  it('a seat held by another client all along leaves every clause that runs passing: the run waits for its own seats', async () => {
    const { outcome, system, open } = await live({ variations: ['acumatica/seat-held-elsewhere'] });
    assert.deepEqual(
      outcome.scenarios
        .filter((s) => !['passed', 'not-verified', 'out-of-scope'].includes(s.outcome))
        .map((s) => `${s.location} ${s.outcome}: ${s.error?.message ?? ''}`),
      [],
    );
    assert.deepEqual(system?.must.failed, []);
    assert.deepEqual(system?.must.broken, []);
    assert.ok(system?.must.passed.includes('ACU-4'), 'ACU-4 verified with the seats that were free');
    assert.equal(open, 0, 'the run left a session of its own open');
  });

  it('with one seat free, the run takes turns on it: every clause that runs passes, and what needs two seats is not verified, saying why', async () => {
    let keep: NodeJS.Timeout | undefined;
    try {
      const { outcome, system } = await live({ variations: ['acumatica/seat-held-elsewhere'] }, (model, config) => {
        // A second session of another client, in use throughout: one seat of three is left.
        const other = model.signIn(config.username, config.password);
        const cookies = 'session' in other && other.session ? other.session : {};
        keep = setInterval(() => model.readCustomers(cookies), 1000);
      });
      assert.deepEqual(system?.must.failed, []);
      assert.deepEqual(system?.must.broken, []);
      assert.ok(system?.must.passed.includes('ACU-4'), 'ACU-4 verified with the one free seat');
      const otherSession = outcome.scenarios.find((s) => s.clauses.includes('ACU-A3'));
      assert.equal(otherSession?.outcome, 'not-verified');
      assert.match(otherSession?.notRun?.reason ?? '', /no API-user seat free beyond the 1 this scenario holds/);
    } finally {
      clearInterval(keep);
    }
  });
});
