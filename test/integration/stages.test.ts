import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetsFile } from '../support/targets-file.ts';
import { runSuite } from '../support/suite-runs.ts';
import type { SimRequest } from '../../support/simulation/route-table.ts';
import { openSessionsOf, serveSimulators } from '../../support/harness/serve.ts';
import { systemKeys } from '../../support/systems/index.ts';
import { everySystemAt, FAULTS, faultyTarget } from '../support/faulty-target.ts';
import { ran } from '../support/scenarios.ts';

const CLOSABLE_DEFECTS = [
  'acumatica/headers-demanded',
  'acumatica/sign-out-answers-200',
  'acumatica/server-error-as-501',
  'flexi/html-call-answers-200',
  'flexi/accept-beats-suffix',
  'flexi/company-logout-keeps-context',
  'flexi/anyone-may-log-out-anyone',
  'flexi/cookie-session-id-ignored',
  'inforouter/no-cookie-fallback',
  'inforouter/second-logout-succeeds',
  'inforouter/unknown-ticket-other-error',
  'sap-mobile-services/no-session-answers-401',
  'sap-mobile-services/push-registrations-kept',
  'sap-mobile-services/delete-v2-keeps-tokens',
];

// The transports' parity and the whole suite live are in concurrency.test.ts, beside the
// runs of the whole suite they share.
describe('live runs against real HTTP endpoints', () => {
  it('report systems missing from the targets file as out of scope, not failed', async () => {
    const served = await serveSimulators(['acumatica']);
    try {
      // Every other system's scenarios, beside one Acumatica clause that runs.
      const { scenarios } = await runSuite({ tags: 'not @acumatica or @clause:ACU-1', parameters: { targets: await targetsFile(served.targets) } });
      ran(scenarios);
      for (const s of scenarios.filter((x) => !x.tags.includes('@acumatica'))) {
        assert.equal(s.outcome, 'out-of-scope', s.location);
        assert.match(s.notRun?.reason ?? '', /is not named in the targets file/);
      }
    } finally {
      await served.close();
    }
  });

  it('close every session the run opened, also when scenarios fail and requests time out', async () => {
    // Defects that make scenarios fail while a logout still ends the session (one that
    // keeps sessions alive after a successful logout would leak whatever the harness
    // does); and every fourth request that is not a logout is never answered, so
    // requests time out mid-scenario.
    const defects = CLOSABLE_DEFECTS.filter((d) => systemKeys.some((k) => d.startsWith(`${k}/`)));
    let seen = 0;
    const isLogout = (req: SimRequest) => /log-?out|sessions/i.test(`${req.path} ${req.headers.get('soapaction') ?? ''}`);
    const served = await serveSimulators(systemKeys, { defects, stall: (req) => !isLogout(req) && ++seen % 4 === 0 });
    try {
      const targets = { timeoutMs: 1000, ...served.targets };
      const { success, scenarios } = await runSuite({ parameters: { targets: await targetsFile(targets) } });
      assert.equal(success, false, 'the defects should make the run fail');
      assert.ok(
        scenarios.some((s) => s.outcome === 'failed' && s.error?.type === 'Nonconformance'),
        'no nonconformance was found',
      );
      assert.ok(
        scenarios.some((s) => s.outcome === 'broken' && /no answer within 1000 ms/.test(s.error?.message ?? '')),
        'no request timed out',
      );
      for (const sim of served.simulators) assert.equal(openSessionsOf(sim.key, sim.model), 0, `${sim.key} still holds sessions the run opened`);
    } finally {
      await served.close();
    }
  });
});

describe('a target that misbehaves', () => {
  for (const fault of FAULTS) {
    it(`that ${fault}: every failure is one line naming the system, the URL and the cause, and the run finishes`, async () => {
      const target = await faultyTarget(fault);
      try {
        const configs = everySystemAt(target.url, 200);
        const started = Date.now();
        const { scenarios } = await runSuite({ parameters: { targets: await targetsFile({ systems: configs }) } });
        assert.ok(Date.now() - started < 60_000, 'the run took too long');
        const transport = ['refuses connections', 'never answers', 'resets mid-answer'].includes(fault);
        ran(scenarios);
        // A gateway's page is never the vendor's nonconformance.
        const notTheSystems = transport || fault === 'answers an HTML error page';
        for (const s of scenarios) {
          if (s.outcome === 'not-verified' || s.outcome === 'out-of-scope') continue;
          if (notTheSystems) assert.equal(s.outcome, 'broken', `${s.location} should be broken when the target ${fault}: ${s.error?.message}`);
          if (s.outcome !== 'failed' && s.outcome !== 'broken') continue;
          const system = systemKeys.find((k) => s.tags.includes(`@${k}`));
          assert.ok(
            s.error?.type === 'TargetError' || (!notTheSystems && s.error?.type === 'Nonconformance'),
            `${s.location}: ${s.error?.type}: ${s.error?.message}`,
          );
          assert.doesNotMatch(s.error?.message ?? '', /\n/);
          if (s.error?.type === 'TargetError') {
            assert.ok(s.error.message.startsWith(`[${system}] `), s.error.message);
            assert.ok(s.error.message.includes(target.url), `${s.location}: no URL in: ${s.error.message}`);
          }
        }
      } finally {
        await target.close();
      }
    });
  }
});
