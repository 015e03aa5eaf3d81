import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HeadlessChromium } from '../../support/browser/browser.ts';
import { openSessionsOf, serveSimulators, type ServedSimulators } from '../../support/harness/serve.ts';
import { runConformance } from '../../support/run/conformance.ts';
import { runSuite } from '../../support/run/run.ts';
import { OAUTH_APPLICATION } from '../../support/systems/sap-mobile-services/index.ts';
import { capturedConsole, hostileEcho, leaksIn, textsOfRun } from '../support/hostile-target.ts';
import { failures, ran } from '../support/scenarios.ts';
import { targetsFile } from '../support/targets-file.ts';
import { CHROMIUM, needs } from '../support/prerequisites.ts';
import { tempDir } from '../support/temp.ts';
import { chromiumForTheseTests, mustScenarios } from '../support/browser-scope.ts';

const KEY = 'sap-mobile-services';
const chromium = needs([CHROMIUM]);
/** SAP-7 is a SAML application's rule (the login request); an OAuth application answers a dead session 401 (SAP-A4). */
const OAUTH_SCOPE = `@${KEY} and not @clause:SAP-7`;
/**
 * A second run with nothing handed in needs only the clauses whose premise the first one spends: SAP-1's session, and
 * SAP-6's refresh tokens, which the first run's v2 logouts revoked (every one of their users'). Every other scenario
 * signs its users in as these do.
 */
const AGAIN = `@${KEY} and (@clause:SAP-1 or @clause:SAP-6)`;

/** The served simulator's OAuth application as `npm run simulate` writes it, with the grant asked for. */
function oauthTarget(served: ServedSimulators, grant: 'password' | 'authorization_code') {
  const entry = served.alternatives.oauth?.systems[KEY] as { oauth: object };
  return { systems: { [KEY]: { ...entry, oauth: { ...entry.oauth, grant } } } };
}

/** A live conformance run of the SAP system against the targets, its exit code and the MUST clauses' statuses. */
async function conformance(targets: unknown, tags = OAUTH_SCOPE, names: readonly string[] = [], browser?: HeadlessChromium) {
  const reports = join(await tempDir('oauth-reports-'), 'r');
  const { exitCode, compliance } = await runConformance({
    targets: await targetsFile(targets),
    reports,
    tags,
    cucumber: { names },
    systems: [KEY],
    out: () => {},
    ...(browser ? { browser } : {}),
  });
  const sap = compliance?.systems.find((s) => s.key === KEY);
  const must = (sap?.clauses ?? []).filter((c) => c.level === 'MUST');
  const statuses = Object.fromEntries(must.map((c) => [c.id, c.status]));
  // Why a clause did not pass, for the assertion's message: a failure in CI explains itself.
  const why = must
    .filter((c) => c.status !== 'passed' && c.status !== 'out-of-scope')
    .map((c) => `${c.id} ${c.status}: ${c.reason ?? ''}`)
    .join('; ');
  return { exitCode, statuses, sap, why };
}

const EVERY_MUST_CLAUSE_PASSED = {
  'SAP-1': 'passed',
  'SAP-2': 'passed',
  'SAP-3': 'passed',
  'SAP-4': 'passed',
  'SAP-5': 'passed',
  'SAP-6': 'passed',
  'SAP-7': 'out-of-scope',
};

describe('sap-mobile-services live against an OAuth application', () => {
  // One served simulator for the tests that switch no defect on: each compares what it holds open before and after its runs.
  let served: ServedSimulators;
  before(async () => (served = await serveSimulators([KEY])));
  after(() => served?.close());
  const openSessions = () => openSessionsOf(KEY, served.simulators[0]?.model);

  it('password grant: SAP-1 … SAP-6 verified, exit 0, again in a second run with nothing handed in; what each run opened is closed', async () => {
    const targets = oauthTarget(served, 'password');
    // What the simulator holds before the run (the SAML application's handed-in session) is not the run's.
    const before = openSessions();
    const first = await conformance(targets);
    assert.deepEqual(first.statuses, EVERY_MUST_CLAUSE_PASSED, `first run: ${first.why}`);
    assert.equal(first.exitCode, 0, 'first run');
    assert.equal(openSessions(), before, 'the first run left sessions or refresh tokens open');
    const second = await conformance(targets, AGAIN);
    assert.deepEqual([second.statuses['SAP-1'], second.statuses['SAP-6'], second.exitCode], ['passed', 'passed', 0], `second run: ${second.why}`);
    assert.equal(openSessions(), before, 'the second run left sessions or refresh tokens open');
  });

  describe('authorization code with PKCE, the login page in headless Chromium', { skip: chromium.skip }, () => {
    const browser = chromiumForTheseTests(chromium);

    it('SAP-1 … SAP-6 verified (one scenario each), exit 0; a second run signs in again by itself', async () => {
      const targets = oauthTarget(served, 'authorization_code');
      const before = openSessions();
      // Of each MUST clause the scenario with the fewest sign-ins (each a page load).
      const first = await conformance(targets, OAUTH_SCOPE, mustScenarios(), browser());
      assert.deepEqual(first.statuses, EVERY_MUST_CLAUSE_PASSED, first.why);
      assert.equal(first.exitCode, 0);
      assert.equal(openSessions(), before, 'the run left sessions or refresh tokens open');
      const second = await conformance(targets, AGAIN, mustScenarios(['SAP-1', 'SAP-6']), browser());
      assert.deepEqual([second.statuses['SAP-1'], second.statuses['SAP-6'], second.exitCode], ['passed', 'passed', 0], second.why);
    });
  });

  it('with "revokes-this-client-only" served: SAP-6 fails, the run is nonconformant (exit 1)', async () => {
    const defective = await serveSimulators([KEY], { defects: [`${KEY}/revokes-this-client-only`] });
    try {
      // The defect's clause alone: whatever else the run did would pass, and exit 1 is SAP-6's.
      const { exitCode, statuses } = await conformance(oauthTarget(defective, 'password'), `@${KEY} and @clause:SAP-6`);
      assert.equal(statuses['SAP-6'], 'failed');
      assert.equal(exitCode, 1);
    } finally {
      await defective.close();
    }
  });

  it("SAP-7 (a SAML application's rule) against an OAuth application alone is not verified, so a run that keeps it in scope ends 4", async () => {
    const { exitCode, sap } = await conformance(oauthTarget(served, 'password'), `@${KEY} and @clause:SAP-7`);
    const sap7 = sap?.clauses.find((c) => c.id === 'SAP-7');
    assert.equal(sap7?.status, 'not-verified');
    assert.equal(exitCode, 4);
  });
});

describe('an OAuth application that hands out secrets nobody named and echoes every secret it gets', () => {
  // The authorization code flow in the browser where there is one (CI demands it), the process's Chromium; else the password grant.
  const grant = chromium.skip ? 'password' : 'authorization_code';
  const browser = chromium.skip ? undefined : chromiumForTheseTests(chromium);
  it(`finds none of the flow's secrets (${grant}: password, code, verifier, access and refresh tokens, id_token) in any report file or on the console`, async () => {
    const hostile = hostileEcho();
    const served = await serveSimulators([KEY], { variations: ['*'], alter: hostile.alter });
    const reports = await tempDir('hostile-oauth-reports-');
    const console = capturedConsole();
    try {
      // The scenario that signs in through the flow, holds refresh tokens at two clients (the
      // other by the password grant), uses them and logs out: every secret of the flow, each
      // sign-in a browser page load. Other scenarios would repeat the same kinds of secret.
      const { scenarios } = await runSuite({
        reports,
        tags: '@clause:SAP-6 and @needs:oauth',
        parameters: { targets: await targetsFile(oauthTarget(served, grant)) },
        environment: console.environment,
        ...(browser ? { browser: browser() } : {}),
      });
      ran(scenarios);
      assert.deepEqual(failures(scenarios, { allow: ['out-of-scope'] }), [], 'the OAuth flow should work through the echoes');
    } finally {
      await served.close();
    }
    const seen = [...hostile.secrets.keys()];
    assert.ok(seen.includes(OAUTH_APPLICATION.password), "the test user's password did not cross the wire");
    assert.ok(
      [...hostile.handedOut].some((v) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(v)),
      'no id_token handed out',
    );
    assert.deepEqual(leaksIn(await textsOfRun(reports, console.text()), hostile.secrets).slice(0, 20), []);
  });
});
