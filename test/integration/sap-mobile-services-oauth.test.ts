import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openSessionsOf, serveSimulators, type ServedSimulators } from '../../support/harness/serve.ts';
import { runConformance } from '../../support/run/conformance.ts';
import { targetsFile } from '../support/targets-file.ts';
import { CHROMIUM, needs } from '../support/prerequisites.ts';
import { tempDir } from '../support/temp.ts';
import { ONE_SCENARIO_PER_CLAUSE } from '../support/browser-scope.ts';

const KEY = 'sap-mobile-services';
const chromium = needs([CHROMIUM]);
/** SAP-7 is a SAML application's rule (the login request); an OAuth application answers a dead session 401 (SAP-A4). */
const OAUTH_SCOPE = `@${KEY} and not @clause:SAP-7`;

/** The served simulator's OAuth application as `npm run simulate` writes it, with the grant asked for. */
function oauthTarget(served: ServedSimulators, grant: 'password' | 'authorization_code') {
  const entry = served.alternatives.oauth?.systems[KEY] as { oauth: object };
  return { systems: { [KEY]: { ...entry, oauth: { ...entry.oauth, grant } } } };
}

/** A live conformance run of the SAP system against the targets, its exit code and the MUST clauses' statuses. */
async function conformance(targets: unknown, tags = OAUTH_SCOPE, names: readonly string[] = []) {
  const reports = join(await tempDir('oauth-reports-'), 'r');
  const { exitCode, compliance } = await runConformance({
    targets: await targetsFile(targets),
    reports,
    tags,
    cucumber: { names },
    systems: [KEY],
    out: () => {},
  });
  const sap = compliance?.systems.find((s) => s.key === KEY);
  const statuses = Object.fromEntries((sap?.clauses ?? []).filter((c) => c.level === 'MUST').map((c) => [c.id, c.status]));
  return { exitCode, statuses, sap };
}

describe('sap-mobile-services live against an OAuth application', () => {
  it('password grant: SAP-1 … SAP-6 verified, exit 0, twice in a row with nothing handed in; what the run opened is closed', async () => {
    const served = await serveSimulators([KEY]);
    try {
      const targets = oauthTarget(served, 'password');
      // What the simulator holds before the run (the SAML application's handed-in session) is not the run's.
      const before = openSessionsOf(KEY, served.simulators[0]?.model);
      for (const run of ['first', 'second']) {
        const { exitCode, statuses } = await conformance(targets);
        assert.deepEqual(
          statuses,
          { 'SAP-1': 'passed', 'SAP-2': 'passed', 'SAP-3': 'passed', 'SAP-4': 'passed', 'SAP-5': 'passed', 'SAP-6': 'passed', 'SAP-7': 'out-of-scope' },
          `${run} run`,
        );
        assert.equal(exitCode, 0, `${run} run`);
        assert.equal(openSessionsOf(KEY, served.simulators[0]?.model), before, `${run} run left sessions or refresh tokens open`);
      }
    } finally {
      await served.close();
    }
  });

  it(
    'authorization code with PKCE, the login page in headless Chromium: SAP-1 … SAP-6 verified (one scenario each), exit 0; a second run signs in again by itself',
    { skip: chromium.skip },
    async () => {
      chromium.check();
      const served = await serveSimulators([KEY]);
      try {
        const targets = oauthTarget(served, 'authorization_code');
        const before = openSessionsOf(KEY, served.simulators[0]?.model);
        const first = await conformance(targets, OAUTH_SCOPE, ONE_SCENARIO_PER_CLAUSE);
        assert.deepEqual(first.statuses, {
          'SAP-1': 'passed',
          'SAP-2': 'passed',
          'SAP-3': 'passed',
          'SAP-4': 'passed',
          'SAP-5': 'passed',
          'SAP-6': 'passed',
          'SAP-7': 'out-of-scope',
        });
        assert.equal(first.exitCode, 0);
        assert.equal(openSessionsOf(KEY, served.simulators[0]?.model), before, 'the run left sessions or refresh tokens open');
        // The second run takes the clauses whose sessions and tokens it signs in for.
        const second = await conformance(targets, `@${KEY} and (@clause:SAP-1 or @clause:SAP-6)`, ONE_SCENARIO_PER_CLAUSE);
        assert.deepEqual([second.statuses['SAP-1'], second.statuses['SAP-6'], second.exitCode], ['passed', 'passed', 0]);
      } finally {
        await served.close();
      }
    },
  );

  it('with "revokes-this-client-only" served: SAP-6 fails, the run is nonconformant (exit 1)', async () => {
    const served = await serveSimulators([KEY], { defects: [`${KEY}/revokes-this-client-only`] });
    try {
      const { exitCode, statuses } = await conformance(oauthTarget(served, 'password'));
      assert.equal(statuses['SAP-6'], 'failed');
      assert.equal(exitCode, 1);
    } finally {
      await served.close();
    }
  });

  it("SAP-7 (a SAML application's rule) against an OAuth application alone is not verified, so a run that keeps it in scope ends 4", async () => {
    const served = await serveSimulators([KEY]);
    try {
      const { exitCode, sap } = await conformance(oauthTarget(served, 'password'), `@${KEY} and @clause:SAP-7`);
      const sap7 = sap?.clauses.find((c) => c.id === 'SAP-7');
      assert.equal(sap7?.status, 'not-verified');
      assert.equal(exitCode, 4);
    } finally {
      await served.close();
    }
  });
});
