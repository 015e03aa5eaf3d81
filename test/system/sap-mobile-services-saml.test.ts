import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runConformance } from '../../support/run/conformance.ts';
import { runSuite } from '../../support/run/run.ts';
import { serveSimulators } from '../../support/harness/serve.ts';
import type { MountOptions } from '../../support/simulation/route-table.ts';
import { clauses } from '../../support/systems/sap-mobile-services/clauses.ts';
import { failures, ran } from '../support/scenarios.ts';
import { capturedConsole, hostileEcho, leaksIn, textsOfRun } from '../support/hostile-target.ts';
import { CHROMIUM, needs } from '../support/prerequisites.ts';
import { targetsFile } from '../support/targets-file.ts';
import { tempDir } from '../support/temp.ts';
import { chromiumForTheseTests, mustScenarios } from '../support/browser-scope.ts';

// The SAML application of the served SAP simulator, as `npm run simulate` writes its
// target (simulated-targets.saml.json): every sign-in goes through the simulator's IdP
// in headless Chromium, and SAP-1 to SAP-7 are verified as on a Basic application.

const KEY = 'sap-mobile-services';
const browserNeeded = needs([CHROMIUM]);
const MUST = clauses.filter((c) => c.level === 'MUST').map((c) => c.id);
/** SAP-7's two scenarios: without any session (no sign-in), and with a session signed in through the IdP, then logged out. */
const NO_SESSION = 'a request without any session';
const LOGGED_OUT = 'a logged-out session is recognised as dead';

/** The served SAML application's targets file, with the simulator's defects switched on. */
async function samlTarget(options: { defects?: string[]; alter?: MountOptions['alter'] } = {}) {
  const served = await serveSimulators([KEY], { defects: options.defects ?? [], ...(options.alter ? { alter: options.alter } : {}) });
  const saml = served.alternatives.saml;
  assert.ok(saml, 'the served simulator offers no SAML application');
  return { served, targets: await targetsFile(saml) };
}

describe('sap-mobile-services on a SAML application, signed in through the IdP in headless Chromium', { skip: browserNeeded.skip, timeout: 900_000 }, () => {
  const browser = chromiumForTheseTests(browserNeeded);

  it('verifies SAP-1 to SAP-7 (exit 0), and again in a second run right after: no session handed in by hand', async () => {
    const { served, targets } = await samlTarget();
    try {
      let printed = '';
      const first = await runConformance({
        targets,
        reports: await tempDir('saml-first-'),
        systems: [KEY],
        // One scenario of each MUST clause, the one with the fewest sign-ins: the assertion is about the MUST clauses alone.
        cucumber: { names: mustScenarios() },
        out: (t) => (printed += t),
        browser: browser(),
      });
      assert.equal(first.exitCode, 0, printed);
      const verified = new Set((first.compliance?.systems.find((sys) => sys.key === KEY)?.clauses ?? []).filter((c) => c.status === 'passed').map((c) => c.id));
      assert.deepEqual(
        MUST.filter((id) => !verified.has(id)),
        [],
      );
      // The scenarios a handed-in session once served (SAP-7's) pass again: their session is signed in anew. The first run
      // consumed nothing else a second could miss (every other scenario signs its users in itself, in both runs).
      const again = await runSuite({
        tags: '@sap-mobile-services and @clause:SAP-7',
        names: mustScenarios(['SAP-7']),
        parameters: { targets },
        browser: browser(),
      });
      assert.deepEqual(failures(again.scenarios.filter((s) => s.system === KEY)), []);
    } finally {
      await served.close();
    }
  });

  // Each defect's clauses, and of them the scenarios that show it: the logged-out session survives its logout (a session
  // signed in through the IdP); a dead session answered as live shows on the request without any session already, which
  // signs nobody in (the served SAML application otherwise the same).
  const controls: readonly [string, readonly string[], readonly string[]][] = [
    ['saml-logout-keeps-session', ['SAP-1', 'SAP-7'], [...mustScenarios(['SAP-1']), LOGGED_OUT]],
    ['saml-dead-session-looks-live', ['SAP-7'], [NO_SESSION]],
  ];
  for (const [defect, broken, names] of controls) {
    it(`catches "${defect}" live: ${broken.join(' and ')} fail, a nonconformance`, async () => {
      const { served, targets } = await samlTarget({ defects: [`${KEY}/${defect}`] });
      try {
        const { scenarios } = await runSuite({
          tags: `@${KEY} and (${broken.map((c) => `@clause:${c}`).join(' or ')})`,
          names,
          parameters: { targets },
          browser: browser(),
        });
        ran(scenarios);
        for (const clause of broken) {
          const caught = scenarios.filter((s) => s.outcome === 'failed' && s.clauses.includes(clause));
          assert.ok(caught.length > 0, `no ${clause} scenario failed: ${failures(scenarios).join('; ')}`);
          for (const s of caught) assert.equal(s.error?.type, 'Nonconformance', `${s.location}: ${s.error?.message}`);
        }
      } finally {
        await served.close();
      }
    });
  }

  it('shows no secret of the flow (password, SAMLResponse, assertion, session cookie) in any report or on the console, though the target echoes them', async () => {
    const hostile = hostileEcho({ remember: true });
    const { served, targets } = await samlTarget({ alter: hostile.alter });
    const reports = await tempDir('saml-hostile-');
    const console = capturedConsole();
    try {
      // One sign-in carries every secret of the flow (the password and the SAMLResponse to the IdP and the ACS, the
      // session cookie after), and its scenario sends the cookie on to the probe and the logout: SAP-1's would repeat it.
      await runSuite({
        reports,
        tags: `@${KEY} and @clause:SAP-7`,
        names: [LOGGED_OUT],
        parameters: { targets },
        environment: console.environment,
        browser: browser(),
      });
    } finally {
      await served.close();
    }
    const seen = [...hostile.secrets.keys()];
    assert.ok(
      seen.some((s) => s.startsWith('<samlp:Response')),
      'no SAML assertion reached the target',
    );
    assert.ok(
      seen.some((s) => s.startsWith('sim-saml-')),
      "no test user's IdP password reached the target",
    );
    assert.deepEqual(leaksIn(await textsOfRun(reports, console.text()), hostile.secrets).slice(0, 20), []);
  });
});

it('a SAML target on a machine without Chromium: the scenarios that sign in are not verified, naming what to install, exit 4', async () => {
  const { served, targets } = await samlTarget();
  const before = process.env.CONFORMANCE_CHROMIUM;
  process.env.CONFORMANCE_CHROMIUM = '/nonexistent/chromium';
  try {
    let printed = '';
    // The clauses the assertion reads: the other scenarios that sign in are left unverified by the same rule.
    const outcome = await runConformance({
      targets,
      reports: await tempDir('saml-no-chromium-'),
      systems: [KEY],
      tags: `@${KEY} and (@clause:SAP-1 or @clause:SAP-7)`,
      out: (t) => (printed += t),
    });
    assert.equal(outcome.exitCode, 4, printed);
    const notVerified = (outcome.compliance?.systems.find((sys) => sys.key === KEY)?.clauses ?? []).filter((c) => c.status === 'not-verified');
    assert.ok(
      ['SAP-1', 'SAP-7'].every((id) => notVerified.some((c) => c.id === id)),
      printed,
    );
    assert.match(printed, /Chromium at CONFORMANCE_CHROMIUM/);
    assert.doesNotMatch(printed, /\n\s+at /, 'a stack trace');
  } finally {
    if (before === undefined) delete process.env.CONFORMANCE_CHROMIUM;
    else process.env.CONFORMANCE_CHROMIUM = before;
    await served.close();
  }
});
