import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCompliance, type Compliance } from '../../support/report/compliance.ts';
import { EXIT, exitCodeOf } from '../../support/report/exit-codes.ts';
import { toJunit } from '../../support/report/junit.ts';
import { toMarkdown } from '../../support/report/markdown.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { toSummary } from '../../support/report/summary.ts';
import { systems, type SystemKey } from '../../support/systems/index.ts';

// Every status and verdict, from scenario results made by hand: no run needed.

let line = 0;
type Fixture = Partial<ScenarioResult> & Pick<ScenarioResult, 'outcome'>;
/** One scenario result of a system for the given clauses. */
function scenario(system: SystemKey, clauses: string[], fixture: Fixture): ScenarioResult {
  return {
    name: `scenario ${++line}`,
    location: `features/${system}/x.feature:${line}`,
    tags: [`@${system}`, ...clauses.map((c) => `@clause:${c}`)],
    system,
    clauses,
    observations: [],
    cleanup: [],
    durationMs: 1,
    ...fixture,
  };
}

const passed: Fixture = { outcome: 'passed' };
const failed: Fixture = { outcome: 'failed', error: { type: 'Nonconformance', message: 'sign-out status: expected 204, observed 200' } };
const broken: Fixture = {
  outcome: 'broken',
  error: { type: 'TargetError', message: '[flexi] POST http://x/status/user/a/logout: answered 502 with a body that is not JSON: <html>' },
};
const harness: Fixture = { outcome: 'harness', error: { type: 'TypeError', message: 'x is undefined' } };
const simulatorOnly: Fixture = { outcome: 'not-verified', notRun: { kind: 'simulator-only', reason: "needs the simulator's controls" } };
const needsEntry: Fixture = { outcome: 'not-verified', notRun: { kind: 'targets-entry', reason: 'needs systems.flexi.nonAsciiUser in the targets file' } };
const notTargeted: Fixture = { outcome: 'out-of-scope', notRun: { kind: 'out-of-scope', reason: 'not named in the targets file' } };
const notSelected: Fixture = { outcome: 'out-of-scope', notRun: { kind: 'not-selected', reason: 'not selected by the tag filter' } };

/** Every MUST and assumption clause of a system passing, as a simulated run would show it. */
function allPassing(system: SystemKey, except: readonly string[] = []): ScenarioResult[] {
  return systems[system].clauses.filter((c) => !except.includes(c.id)).map((c) => scenario(system, [c.id], passed));
}
/** The other systems: not targets of the run. */
function othersOutOfScope(system: SystemKey): ScenarioResult[] {
  return (Object.keys(systems) as SystemKey[]).filter((k) => k !== system).flatMap((k) => systems[k].clauses.map((c) => scenario(k, [c.id], notTargeted)));
}
/** Flexi with one clause failed, one broken, one not verified, the rest passed. */
const mixedFlexi = (): ScenarioResult[] => [
  ...allPassing('flexi', ['FLX-1', 'FLX-2', 'FLX-10']),
  scenario('flexi', ['FLX-1'], failed),
  scenario('flexi', ['FLX-2'], broken),
  scenario('flexi', ['FLX-10'], needsEntry),
  ...othersOutOfScope('flexi'),
];
const build = (results: ScenarioResult[], mode = 'live'): Compliance => buildCompliance(results, { mode, baseUrls: {}, now: new Date(0) });
const systemOf = (c: Compliance, key: SystemKey) => c.systems.find((s) => s.key === key)!;
const clauseOf = (c: Compliance, key: SystemKey, id: string) => systemOf(c, key).clauses.find((x) => x.id === id)!;

describe('clause statuses, system verdicts and exit codes', () => {
  it('every MUST clause passing is conformant, exit 0', () => {
    const c = build([...allPassing('flexi'), ...othersOutOfScope('flexi')]);
    assert.equal(systemOf(c, 'flexi').verdict, 'conformant');
    assert.equal(systemOf(c, 'acumatica').verdict, 'out-of-scope');
    assert.equal(exitCodeOf(c), EXIT.conformant);
  });

  it('a skipped MUST clause makes the system not verified (exit 4), naming the clause and why', () => {
    const c = build([...allPassing('acumatica', ['ACU-4']), scenario('acumatica', ['ACU-4'], simulatorOnly), ...othersOutOfScope('acumatica')]);
    assert.equal(clauseOf(c, 'acumatica', 'ACU-4').status, 'not-verified');
    assert.equal(systemOf(c, 'acumatica').verdict, 'not-verified');
    assert.deepEqual(systemOf(c, 'acumatica').must['not-verified'], ['ACU-4']);
    assert.equal(exitCodeOf(c), EXIT.notVerified);
    assert.match(toSummary(c), /not-verified +MUST 7 passed, 0 failed, 0 broken, 1 not verified \(ACU-4 \(needs the simulator's controls\)\)/);
  });

  it('a clause with one scenario run and one not is passed for what ran, and says so', () => {
    const c = build([...allPassing('acumatica'), scenario('acumatica', ['ACU-3'], simulatorOnly), ...othersOutOfScope('acumatica')]);
    const acu3 = clauseOf(c, 'acumatica', 'ACU-3');
    assert.equal(acu3.status, 'passed');
    assert.deepEqual(acu3.ran, { scenarios: 1, of: 2 });
    assert.match(acu3.reason ?? '', /^1 of 2 scenarios ran; not run: needs the simulator's controls$/);
    assert.equal(exitCodeOf(c), EXIT.conformant);
  });

  it('a broken target is not a nonconformance: broken (exit 3), never failed', () => {
    const c = build([
      ...allPassing('flexi', ['FLX-1', 'FLX-2']),
      scenario('flexi', ['FLX-1'], broken),
      scenario('flexi', ['FLX-2'], broken),
      ...othersOutOfScope('flexi'),
    ]);
    assert.equal(clauseOf(c, 'flexi', 'FLX-1').status, 'broken');
    assert.equal(systemOf(c, 'flexi').verdict, 'broken');
    assert.deepEqual(systemOf(c, 'flexi').must.failed, []);
    assert.equal(exitCodeOf(c), EXIT.broken);
  });

  it('a nonconformance beats broken and not verified: nonconformant, exit 1', () => {
    const c = build(mixedFlexi());
    assert.equal(systemOf(c, 'flexi').verdict, 'nonconformant');
    assert.equal(exitCodeOf(c), EXIT.nonconformant);
  });

  it('a missing optional targets entry makes its clause not verified, naming the entry, never failed or broken', () => {
    const c = build([...allPassing('flexi', ['FLX-10']), scenario('flexi', ['FLX-10'], needsEntry), ...othersOutOfScope('flexi')]);
    const flx10 = clauseOf(c, 'flexi', 'FLX-10');
    assert.equal(flx10.status, 'not-verified');
    assert.match(flx10.reason ?? '', /systems\.flexi\.nonAsciiUser/);
    assert.equal(exitCodeOf(c), EXIT.notVerified);
  });

  it("a harness fault is neither the target's failure nor conformance: broken clause, exit 2", () => {
    const c = build([...allPassing('inforouter', ['INR-1']), scenario('inforouter', ['INR-1'], harness), ...othersOutOfScope('inforouter')]);
    assert.equal(clauseOf(c, 'inforouter', 'INR-1').status, 'broken');
    assert.equal(c.harnessFaults.length, 1);
    assert.equal(exitCodeOf(c), EXIT.couldNotRun);
  });

  it('a tag subset is in scope only: clauses not selected are out of scope, not failures', () => {
    const flx1 = scenario('flexi', ['FLX-1'], passed);
    const rest = systems.flexi.clauses.filter((x) => x.id !== 'FLX-1').map((x) => scenario('flexi', [x.id], notSelected));
    const c = build([flx1, ...rest, ...othersOutOfScope('flexi').map((r) => ({ ...r, notRun: notSelected.notRun }))]);
    assert.equal(clauseOf(c, 'flexi', 'FLX-2').status, 'out-of-scope');
    assert.equal(systemOf(c, 'flexi').verdict, 'conformant');
    assert.match(toSummary(c), /conformant +MUST 1 passed, 0 failed, 0 broken, 0 not verified, \d+ out of scope/);
    assert.equal(exitCodeOf(c), EXIT.conformant);
  });

  it('nothing in scope at all could not run: exit 2', () => {
    const c = build((Object.keys(systems) as SystemKey[]).flatMap((k) => systems[k].clauses.map((x) => scenario(k, [x.id], notTargeted))));
    assert.equal(exitCodeOf(c), EXIT.couldNotRun);
  });

  it('a clause that can never run live is not verified in a live run, even when a supporting scenario passed', () => {
    const original = systems.flexi.clauses.find((x) => x.id === 'FLX-5')!;
    const never = { ...original, live: { runs: 'never', why: 'the deciding check changes permissions on the server' } } as const;
    const results = [...allPassing('flexi'), scenario('flexi', ['FLX-5'], simulatorOnly), ...othersOutOfScope('flexi')];
    const mutable = systems.flexi.clauses as unknown as (typeof original)[];
    const at = mutable.indexOf(original);
    mutable[at] = never as unknown as typeof original;
    try {
      assert.equal(clauseOf(build(results), 'flexi', 'FLX-5').status, 'not-verified');
      // The part that ran live is named.
      assert.match(
        clauseOf(build(results), 'flexi', 'FLX-5').reason ?? '',
        /^not verified live: the deciding check changes permissions on the server; ran live and passed: scenario \d+$/,
      );
      assert.equal(clauseOf(build(results, 'simulated'), 'flexi', 'FLX-5').status, 'passed');
      // Its deciding scenario left out by the tag filter: what ran is what was asked for.
      const filtered = results.map((r) => (r.outcome === 'not-verified' ? { ...r, ...notSelected } : r));
      assert.equal(clauseOf(build(filtered), 'flexi', 'FLX-5').status, 'passed');
    } finally {
      mutable[at] = original;
    }
  });

  it('clean-up is not a verdict: a broken rule counts against its own clause only, anything left open is listed, no harness error', () => {
    const withCleanup = scenario('flexi', ['FLX-1'], {
      outcome: 'passed',
      cleanup: [
        { label: 'log out Flexi user franta', kind: 'nonconformance', clause: 'FLX-4', message: 'ignore-not-found=true was ignored: 404' },
        { label: 'log out Flexi user pepa', kind: 'left-open', message: "the administrator's logout answered 500" },
      ],
    });
    const c = build([...allPassing('flexi', ['FLX-1']), withCleanup, ...othersOutOfScope('flexi')]);
    assert.equal(clauseOf(c, 'flexi', 'FLX-1').status, 'passed', "the scenario's own clause keeps its checks' outcome");
    assert.equal(clauseOf(c, 'flexi', 'FLX-4').status, 'failed');
    assert.equal(clauseOf(c, 'flexi', 'FLX-4').cleanupFindings.length, 1);
    assert.deepEqual(
      systemOf(c, 'flexi').leftOpen.map((o) => o.label),
      ['log out Flexi user pepa'],
    );
    assert.equal(c.harnessFaults.length, 0);
    assert.equal(exitCodeOf(c), EXIT.nonconformant);
    const summary = toSummary(c);
    assert.match(summary, /FLX-4 FAILED: during clean-up: ignore-not-found=true was ignored: 404/);
    assert.match(summary, /left open: log out Flexi user pepa/);
    assert.match(toJunit(c), /<failure type="nonconformance" message="FLX-4 during clean-up: /);
  });

  it('an assumption that does not hold never fails a run, and is reported as not held', () => {
    const notHeld = scenario('acumatica', ['ACU-A1'], {
      outcome: 'passed',
      observations: [{ check: 'sign-out status', expected: '204', observed: '401', held: false }],
    });
    const c = build([...allPassing('acumatica', ['ACU-A1']), notHeld, ...othersOutOfScope('acumatica')]);
    assert.equal(systemOf(c, 'acumatica').verdict, 'conformant');
    assert.deepEqual(systemOf(c, 'acumatica').assumptions.notHeld, ['ACU-A1']);
    assert.equal(exitCodeOf(c), EXIT.conformant);
    assert.match(toMarkdown(c), /\| ACU-A1 \| ASSUMPTION \| NOT HELD \|/);
  });

  it('every report says the same status for every clause', () => {
    const c = build(mixedFlexi());
    const md = toMarkdown(c);
    const junit = toJunit(c);
    for (const clause of systemOf(c, 'flexi').clauses.filter((x) => x.level === 'MUST')) {
      const status = clause.status === 'failed' ? 'FAILED' : clause.status;
      assert.match(md, new RegExp(`\\| ${clause.id} \\| MUST \\| ${status} \\|`), clause.id);
      const testcase = new RegExp(`<testcase name="${clause.id}: [^"]*"[^>]*>(.*?)</testcase>`).exec(junit)?.[1];
      const inJunit = testcase?.startsWith('<failure')
        ? 'failed'
        : testcase?.startsWith('<error')
          ? 'broken'
          : testcase?.startsWith('<skipped')
            ? 'not-verified'
            : 'passed';
      assert.equal(inJunit, clause.status, `${clause.id} in JUnit`);
    }
    assert.match(md, /\| ABRA Flexi \| \*\*nonconformant\*\* \| FLX-3, .* \| FLX-1 \| FLX-2 \| FLX-10 \|/);
  });
});
