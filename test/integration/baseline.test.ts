import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import type { BaselineComparison } from '../../support/report/document.ts';
import { EXIT, finalExitCode } from '../../support/report/exit-codes.ts';
import { runConformance } from '../../support/run/conformance.ts';
import { serveSimulators } from '../../support/harness/serve.ts';
import { targetsFile } from '../support/targets-file.ts';
import { tempDir } from '../support/temp.ts';

/** SAP-A1's scenario, as the feature has it: the baseline names where it stands. */
const A1_FEATURE = 'features/sap-mobile-services/side-effects.feature';
const A1_LINE =
  (await readFile(new URL(`../../${A1_FEATURE}`, import.meta.url), 'utf8'))
    .split('\n')
    .findIndex((line) => line.includes("Scenario: Observed: the v1 logout leaves the user's refresh tokens valid")) + 1;

const dir = await tempDir('baseline-');
const validate = new Ajv({ strict: false, validateFormats: false }).compile(JSON.parse(await readFile('support/report/compliance.schema.json', 'utf8')));

/** A live run against a fresh set of served simulators (new ports, new ids), as `npm run simulate` serves them. */
async function liveRun(
  name: string,
  served: { defects?: string[]; variations?: string[] },
  options: { baseline?: string; failOnChange?: boolean; tags?: string } = {},
) {
  const simulators = await serveSimulators(undefined, served);
  let printed = '';
  try {
    const reports = join(dir, name);
    const outcome = await runConformance({ targets: await targetsFile(simulators.targets), reports, out: (t) => (printed += t), ...options });
    return { ...outcome, printed, reports };
  } finally {
    await simulators.close();
  }
}

// A clause of each system, those the changes below touch (SAP-A1, INR-1 to 3) and one not
// verified live (FLX-5): the first run and each run compared with it check these, on a
// fresh set of simulators each. That every clause of the whole suite fingerprints alike on
// a fresh set is shown by the whole suite's live runs in concurrency.test.ts, which
// compare the fingerprints.
const SCOPE = '@clause:ACU-1 or @clause:FLX-1 or @clause:FLX-5 or @clause:SAP-A1 or @clause:INR-1 or @clause:INR-2 or @clause:INR-3';
const first = await liveRun('first', {}, { tags: SCOPE });
const baseline = join(first.reports, 'compliance.json');

// Its pure checks are in test/unit/fingerprint.test.ts.
describe('the behaviour fingerprint', () => {
  it('is written for every clause and scenario of compliance.json', async () => {
    const written = JSON.parse(await readFile(baseline, 'utf8'));
    assert.equal(validate(written), true, JSON.stringify(validate.errors));
    const clauses = written.systems.flatMap((s: { clauses: { fingerprint: string; scenarios: { fingerprint: string }[] }[] }) => s.clauses);
    assert.ok(clauses.length > 20);
    for (const c of clauses) {
      assert.match(c.fingerprint, /^[0-9a-f]{16}$/);
      for (const s of c.scenarios) assert.match(s.fingerprint, /^[0-9a-f]{16}$/);
    }
  });
});

describe('--baseline against served simulators', () => {
  it("two runs of an unchanged deployment show no change, and the exit code stays the verdicts' even with --fail-on-change", async () => {
    const again = await liveRun('again', {}, { baseline, failOnChange: true, tags: SCOPE });
    assert.equal(first.exitCode, EXIT.notVerified, first.printed);
    assert.equal(again.exitCode, EXIT.notVerified, again.printed);
    assert.equal(again.comparison?.changed, false);
    assert.deepEqual([again.comparison?.clauses, again.comparison?.observations], [[], []]);
    assert.match(again.printed, /Against the baseline .*first\/compliance\.json \(run of .*\): no change\n/);
    assert.match(await readFile(join(again.reports, 'compliance.md'), 'utf8'), /## Changes against the baseline\n\nBaseline: `.*`, run of .*\. No change\./);
  });

  it("a changed default (SAP's v1 logout now revokes refresh tokens) lists exactly its assumption and what was observed, and exits 5 with --fail-on-change", async () => {
    const changed = await liveRun(
      'changed-default',
      { variations: ['sap-mobile-services/v1-revokes-refresh-tokens'] },
      { baseline: baseline, failOnChange: true, tags: SCOPE },
    );
    assert.equal(changed.exitCode, EXIT.changed, changed.printed);
    const expected: Pick<BaselineComparison, 'clauses' | 'observations'> = {
      clauses: [{ system: 'sap-mobile-services', clause: 'SAP-A1', change: 'status', kind: 'behaviour', from: 'passed, held', to: 'passed, not held' }],
      observations: [
        {
          system: 'sap-mobile-services',
          clauses: ['SAP-A1'],
          scenario: "Observed: the v1 logout leaves the user's refresh tokens valid",
          location: `${A1_FEATURE}:${A1_LINE}`,
          check: 'a refresh with the token after a v1 logout',
          kind: 'behaviour',
          from: { observed: 'usable', held: true },
          to: { observed: 'refused (400 invalid_grant)', held: false },
        },
      ],
    };
    assert.deepEqual({ clauses: changed.comparison?.clauses, observations: changed.comparison?.observations }, expected);
    assert.match(
      changed.printed,
      new RegExp(
        `: 2 behaviour changes\\n {2}behaviour: SAP-A1: passed, held → passed, not held\\n {2}behaviour: SAP-A1 ${A1_FEATURE}:${A1_LINE} ".*": a refresh with the token after a v1 logout: usable → refused \\(400 invalid_grant\\) \\(not held\\)\\nExit 5: behaviour changed`,
      ),
    );
    const written = JSON.parse(await readFile(join(changed.reports, 'compliance.json'), 'utf8'));
    assert.equal(validate(written), true, JSON.stringify(validate.errors));
    assert.equal(written.exitCode, EXIT.changed);
    assert.deepEqual({ clauses: written.baseline.clauses, observations: written.baseline.observations }, expected);
    assert.match(
      await readFile(join(changed.reports, 'compliance.md'), 'utf8'),
      new RegExp(`2 behaviour changes:\\n\\n- behaviour: SAP-A1: passed, held → passed, not held\\n- behaviour: SAP-A1 .*side-effects\\.feature:${A1_LINE}`),
    );
  });

  it('a defect lists exactly the clauses it fails and the checks that saw it; the nonconformance keeps its own exit code', async () => {
    const defect = await liveRun('defect', { defects: ['inforouter/soap-logout-ignored'] }, { baseline: baseline, failOnChange: true, tags: SCOPE });
    assert.equal(defect.exitCode, EXIT.nonconformant, defect.printed);
    assert.deepEqual(
      defect.comparison?.clauses.map((c) => `${c.clause}: ${c.from} → ${c.to}`),
      ['INR-1: passed → failed', 'INR-2: passed → failed', 'INR-3: passed → failed'],
    );
    const dead = 'success="false" error="[901] Session expired or Invalid ticket"';
    assert.deepEqual(
      defect.comparison?.observations.map((o) => [o.clauses.join(','), o.location, o.check, o.from?.observed, o.to?.observed]),
      [
        ['INR-1,INR-2', 'features/inforouter/logout.feature:30', 'outcome', 'passed', 'failed'],
        ['INR-1,INR-2', 'features/inforouter/logout.feature:30', 'isValidTicket of ticket 1 after LogOut', dead, 'success="true"'],
        ['INR-3', 'features/inforouter/logout.feature:44', 'outcome', 'passed', 'failed'],
        ['INR-3', 'features/inforouter/logout.feature:44', 'isValidTicket of ticket 1 after LogOut', dead, 'success="true"'],
      ],
    );
  });

  it('coverage lost with no behaviour change (a clause verified then, out of scope now) is told apart, and exits 4 with --fail-on-change, naming the clause', async () => {
    const tags = '@clause:FLX-1 or @clause:FLX-4';
    const wide = await liveRun('coverage-wide', {}, { tags });
    assert.equal(wide.exitCode, EXIT.conformant, wide.printed);
    const narrow = await liveRun('coverage-narrow', {}, { tags: '@clause:FLX-1', baseline: join(wide.reports, 'compliance.json'), failOnChange: true });
    assert.equal(narrow.exitCode, EXIT.notVerified, narrow.printed);
    assert.equal(narrow.comparison?.changed, true);
    assert.equal(narrow.comparison?.behaviourChanged, false);
    assert.deepEqual(narrow.comparison?.coverageLost, ['FLX-4']);
    assert.deepEqual(
      narrow.comparison?.clauses.map((c) => [c.clause, c.kind, c.from, c.to]),
      [['FLX-4', 'coverage', 'passed', 'out-of-scope']],
    );
    assert.ok(narrow.comparison?.observations.length && narrow.comparison.observations.every((o) => o.kind === 'coverage'));
    assert.match(narrow.printed, /: \d+ coverage changes\n {2}coverage: FLX-4: passed → out-of-scope\n/);
    assert.match(narrow.printed, /Coverage lost, no behaviour changed: verified in the baseline, not in this run: FLX-4\nExit 4: not verified/);
    const markdown = await readFile(join(narrow.reports, 'compliance.md'), 'utf8');
    assert.match(markdown, /Coverage lost, no behaviour changed: verified in the baseline, not in this run: FLX-4\./);
    // And back: coverage gained is no change to stop on.
    const back = await liveRun('coverage-back', {}, { tags, baseline: join(narrow.reports, 'compliance.json'), failOnChange: true });
    assert.equal(back.exitCode, EXIT.conformant, back.printed);
    assert.deepEqual([back.comparison?.behaviourChanged, back.comparison?.coverageLost], [false, []]);
  });

  it("without --fail-on-change a change is reported and the exit code is the verdicts'; with it, behaviour exits 5, coverage lost alone 4", () => {
    const changed = { changed: true, behaviourChanged: true, coverageLost: [] } as unknown as BaselineComparison;
    const lost = { changed: true, behaviourChanged: false, coverageLost: ['FLX-4'] } as unknown as BaselineComparison;
    const gained = { changed: true, behaviourChanged: false, coverageLost: [] } as unknown as BaselineComparison;
    assert.equal(finalExitCode(EXIT.notVerified, changed, false), EXIT.notVerified);
    assert.equal(finalExitCode(EXIT.conformant, lost, false), EXIT.conformant);
    assert.equal(finalExitCode(EXIT.conformant, changed, true), EXIT.changed);
    assert.equal(finalExitCode(EXIT.notVerified, changed, true), EXIT.changed);
    assert.equal(finalExitCode(EXIT.conformant, lost, true), EXIT.notVerified);
    assert.equal(finalExitCode(EXIT.notVerified, lost, true), EXIT.notVerified);
    assert.equal(finalExitCode(EXIT.conformant, gained, true), EXIT.conformant);
    assert.equal(finalExitCode(EXIT.broken, changed, true), EXIT.broken);
    assert.equal(finalExitCode(EXIT.nonconformant, lost, true), EXIT.nonconformant);
    assert.equal(finalExitCode(EXIT.conformant, { changed: false } as BaselineComparison, true), EXIT.conformant);
    // A comparison from an older version, without the kinds: any change is taken as behaviour.
    assert.equal(finalExitCode(EXIT.conformant, { changed: true } as BaselineComparison, true), EXIT.changed);
  });

  it('a baseline that is missing, not JSON, or not a compliance.json: one line, exit 2, before any scenario runs', async () => {
    const notJson = join(dir, 'not-json.json');
    const other = join(dir, 'other.json');
    await writeFile(notJson, '{"systems": [');
    await writeFile(other, JSON.stringify({ systems: { acumatica: {} } }));
    for (const [file, problem] of [
      [join(dir, 'nope.json'), 'no such file'],
      [dir, 'a folder, not a compliance.json'],
      [notJson, 'not JSON, so not a compliance.json'],
      [other, 'not a compliance.json of this harness'],
    ] as const) {
      let printed = '';
      const { exitCode } = await runConformance({ tags: '@flexi', reports: join(dir, 'refused'), baseline: file, out: (t) => (printed += t) });
      assert.equal(exitCode, EXIT.couldNotRun, printed);
      assert.equal(printed.split('\n').length, 2, printed);
      assert.ok(printed.startsWith(`conformance: baseline ${file}: ${problem}`), printed);
      await assert.rejects(readFile(join(dir, 'refused', 'compliance.json')), 'no run wrote reports');
    }
  });
});
