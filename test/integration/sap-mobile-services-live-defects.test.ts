import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetsFile } from '../support/targets-file.ts';
import { runSuite } from '../../support/run/run.ts';
import { serveSimulators } from '../../support/harness/serve.ts';
import { failures, ran } from '../support/scenarios.ts';

const KEY = 'sap-mobile-services';
const TAGS = `@${KEY}`;

/** The suite run live against the served simulator, its config changed by `edit`. */
async function runLive(options: { defects?: string[] } = {}, edit: (config: Record<string, unknown>) => Record<string, unknown> = (c) => c) {
  const served = await serveSimulators([KEY], { defects: options.defects ?? [] });
  try {
    const config = served.targets.systems[KEY] as Record<string, unknown>;
    const outcome = await runSuite({ tags: TAGS, parameters: { targets: await targetsFile({ systems: { [KEY]: edit(config) } }) } });
    ran(outcome.scenarios);
    return { ...outcome, scenarios: outcome.scenarios.filter((s) => s.system === KEY) };
  } finally {
    await served.close();
  }
}

describe('sap-mobile-services live against a SAML application', () => {
  const samlApp = (config: Record<string, unknown>) => config.samlSession as { appId: string; cookie: string };

  it('signed in to with a password, as if it took one (deadSession 401): no session, so the sign-in scenarios are broken, never passed', async () => {
    // What was seen on a real SAML deployment: the sign-in answered 200 with the login request, and SAP-1/3/4 passed without any session.
    const { scenarios } = await runLive({}, (c) => ({ ...c, appId: samlApp(c).appId, samlSession: undefined }));
    const signingIn = scenarios.filter((s) => !s.tags.includes('@no-sign-in'));
    for (const s of signingIn) {
      assert.equal(s.outcome, 'broken', s.location);
      assert.equal(s.error?.type, 'TargetError', s.location);
      assert.match(s.error?.message ?? '', /SAML login request/, s.location);
    }
    assert.ok(signingIn.some((s) => s.clauses.includes('SAP-1')));
  });

  it('configured as SAML, with its browser session handed in: the sign-in scenarios are not verified, SAP-3 and SAP-7 run', async () => {
    const { scenarios } = await runLive({}, (c) => ({ ...c, appId: samlApp(c).appId, deadSession: 'saml', samlSession: { cookie: samlApp(c).cookie } }));
    assert.deepEqual(failures(scenarios, { allow: ['not-verified'] }), []);
    for (const s of scenarios) {
      if (s.tags.includes('@no-sign-in')) assert.equal(s.outcome, 'passed', s.location);
      else {
        assert.equal(s.outcome, 'not-verified', s.location);
        assert.equal(s.notRun?.kind, 'targets-entry', s.location);
        assert.match(s.notRun?.reason ?? '', /a SAML application does not take/);
      }
    }
    assert.ok(scenarios.some((s) => s.clauses.includes('SAP-7') && s.outcome === 'passed'));
  });

  it('without a handed-in session: SAP-7 is not verified, naming the entry', async () => {
    const { scenarios } = await runLive({}, (c) => ({ ...c, samlSession: undefined }));
    const sap7 = scenarios.filter((s) => s.clauses.includes('SAP-7'));
    assert.ok(sap7.length > 0);
    for (const s of sap7) assert.match(`${s.outcome} ${s.notRun?.reason}`, /^not-verified needs systems\.sap-mobile-services\.samlSession/);
  });

  it("without moreUsers: SAP-A6 (another user's session) is not verified, naming the entry, and the rest still runs", async () => {
    const { scenarios } = await runLive({}, (c) => ({ ...c, moreUsers: undefined }));
    const a6 = scenarios.filter((s) => s.clauses.includes('SAP-A6'));
    assert.ok(a6.length > 0);
    for (const s of a6) assert.match(`${s.outcome} ${s.notRun?.reason}`, /^not-verified needs systems\.sap-mobile-services\.moreUsers/);
    assert.deepEqual(failures(scenarios.filter((s) => !s.clauses.includes('SAP-A6'))), []);
  });

  it('with a handed-in session an earlier run already ended: the scenario that needs it is not verified, saying why, never broken', async () => {
    const served = await serveSimulators([KEY]);
    try {
      const targets = await targetsFile(served.targets);
      const run = async () =>
        (await runSuite({ tags: `${TAGS} and @clause:SAP-7`, parameters: { targets } })).scenarios.filter(
          (s) => s.system === KEY && s.outcome !== 'out-of-scope',
        );
      const first = await run();
      assert.ok(first.length > 0, 'no SAP-7 scenario ran');
      assert.ok(
        first.every((s) => s.outcome === 'passed'),
        'the first run uses the fresh session',
      );
      const second = await run();
      // The probe without any cookie needs no handed-in session; the logout of it does.
      assert.deepEqual(
        second.map((s) => [s.name, s.outcome, s.notRun?.reason ?? s.error?.message ?? '']),
        [
          ['On a SAML application a request without any session answers 200 with the login request', 'passed', ''],
          [
            'On a SAML application a logged-out session is recognised as dead by the login request',
            'not-verified',
            'systems.sap-mobile-services.samlSession is no longer live: hand in a fresh browser session for every run (the SAP-7 scenario ends it)',
          ],
        ],
      );
    } finally {
      await served.close();
    }
  });
});
