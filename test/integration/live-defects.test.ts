import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildCompliance, type SystemEntry } from '../../support/report/compliance.ts';
import { runSuite } from '../support/suite-runs.ts';
import { serveSimulators } from '../../support/harness/serve.ts';
import { systemKeys, systems, type SystemKey } from '../../support/systems/index.ts';
import { roundsOf } from '../support/rounds.ts';
import { targetsFile } from '../support/targets-file.ts';
import { failures, ran } from '../support/scenarios.ts';

// The negative controls again, live: each simulator defect served on loopback HTTP and
// run against as a real deployment (no simulator controls). The defect's clause, run on
// its own, fails, or, where the clause cannot be verified live (never, or not with this
// targets file), is not verified. Its system must never read conformant, nor broken: a
// defect is the system's own doing, never a run that could not tell.
//
// How that is run, and why it still proves it:
// - Each defect's clause alone, on a deployment of its own with that defect alone: the
//   negative control, kept for every defect. Live one model serves every scenario, so
//   order matters most here (the order test runs each clause alone only simulated).
// - The system's whole suite with that defect alone, only where its clause alone did not
//   fail: there the verdict (not verified, not broken) is what the defect leaves. Where the
//   clause fails alone, its system is nonconformant whatever else runs: the order test
//   (verdict-order.test.ts) shows every clause's status the same run alone as with the
//   whole system, with every defect at once; and what the live shared model adds, one
//   model serving every scenario of the system, is run once per system below, with all its
//   defects served at once: never conformant, never broken.
// - A run is one deployment per system, so the four systems share each run, each on its
//   own server and model, each with its own selection: a system's verdict reads only its
//   own scenarios (buildCompliance), and a fresh deployment for every run keeps what one
//   run left behind from deciding another.

/** One system served with `defects`, and what its part of a run selects: the clause alone, or the whole suite. */
interface Deployment {
  readonly key: SystemKey;
  readonly defects: readonly string[];
  readonly clause?: string;
}

/** One live run against every deployment (at most one per system), each served fresh: each system's entry. */
async function live(deployments: readonly Deployment[]): Promise<SystemEntry[]> {
  const served = await serveSimulators(
    deployments.map((d) => d.key),
    { defects: deployments.flatMap((d) => d.defects.map((defect) => `${d.key}/${defect}`)) },
  );
  try {
    const tags = deployments.map((d) => (d.clause ? `(@${d.key} and @clause:${d.clause})` : `@${d.key}`)).join(' or ');
    const outcome = await runSuite({ tags, parameters: { targets: await targetsFile(served.targets) } });
    const compliance = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls });
    return deployments.map((d) => {
      // A whole system's run must run something; a single clause's may skip all it has live.
      if (!d.clause)
        ran(
          outcome.scenarios.filter((s) => s.system === d.key),
          1,
        );
      const system = compliance.systems.find((s) => s.key === d.key);
      assert.ok(system, `${d.key} is missing from the compliance`);
      return system;
    });
  } finally {
    await served.close();
  }
}

/** Each deployment's system entry, in the order given, from as few runs as one system has deployments: the i-th of each system in the i-th run. */
async function inRounds(deployments: readonly Deployment[]): Promise<SystemEntry[]> {
  const byKey: Partial<Record<SystemKey, number[]>> = {};
  deployments.forEach((d, at) => (byKey[d.key] ??= []).push(at));
  const entries: SystemEntry[] = [];
  for (const round of roundsOf(byKey)) {
    const at = Object.values(round);
    (await live(at.map((i) => deployments[i] as Deployment))).forEach((entry, j) => (entries[at[j] as number] = entry));
  }
  return entries;
}

/** Never conformant, never broken: the verdict a defect may leave its whole system. */
function neitherConformantNorBroken(system: SystemEntry | undefined, why: string) {
  const broken = system?.clauses.filter((c) => c.status === 'broken').map((c) => `${c.id} (${c.reason ?? ''})`);
  assert.ok(system?.verdict === 'nonconformant' || system?.verdict === 'not-verified', `${system?.key} is ${system?.verdict} ${why}: ${broken?.join('; ')}`);
}

describe('defects served live', () => {
  const defects = systemKeys.flatMap((key) => Object.entries(systems[key].defects).map(([defect, { clause }]) => ({ key, defect, clause })));
  /** By defect (`key/defect`): its system with the clause alone, and the whole system where that clause did not fail. */
  const alone = new Map<string, SystemEntry>();
  const whole = new Map<string, SystemEntry>();
  let all: SystemEntry[] = [];

  before(async () => {
    const clauses = await inRounds(defects.map(({ key, defect, clause }) => ({ key, defects: [defect], clause })));
    defects.forEach(({ key, defect }, i) => alone.set(`${key}/${defect}`, clauses[i] as SystemEntry));
    const unfailed = defects.filter(({ clause }, i) => clauses[i]?.clauses.find((c) => c.id === clause)?.status !== 'failed');
    const systemsWith = await inRounds(unfailed.map(({ key, defect }) => ({ key, defects: [defect] })));
    unfailed.forEach(({ key, defect }, i) => whole.set(`${key}/${defect}`, systemsWith[i] as SystemEntry));
    all = await live(systemKeys.map((key) => ({ key, defects: Object.keys(systems[key].defects) })));
  });

  for (const { key, defect, clause } of defects)
    it(`${key}: "${defect}" makes ${clause} fail or be not verified, never conformant`, () => {
      const entry = alone.get(`${key}/${defect}`)?.clauses.find((c) => c.id === clause);
      if (entry?.status === 'failed') return;
      assert.notEqual(entry?.live.runs, 'always', `${clause} claims to run in every live run, yet it is ${entry?.status}: ${entry?.reason ?? ''}`);
      assert.equal(entry?.status, 'not-verified', `${clause} is ${entry?.status}: ${entry?.reason ?? ''}`);
      neitherConformantNorBroken(whole.get(`${key}/${defect}`), `with ${defect}`);
    });

  for (const [i, key] of systemKeys.entries())
    it(`${key} with all its defects at once, one model serving every scenario: neither conformant nor broken`, () => {
      neitherConformantNorBroken(all[i], 'with all its defects');
    });
});

// SAP Mobile Services served live and configured wrong, or as a SAML application: what a
// targets file that cannot be verified, or only in part, reads as. In this file to share
// its process with the defects above.
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
