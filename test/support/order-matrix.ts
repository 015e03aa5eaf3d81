import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { HarnessParameters, PickleOrder } from '../../support/harness/parameters.ts';
import { buildCompliance, type ClauseStatus, type Verdict } from '../../support/report/compliance.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { runSuite } from './suite-runs.ts';
import { systemKeys, systems, type SystemKey } from '../../support/systems/index.ts';
import { roundsOf } from './rounds.ts';
import { ran } from './scenarios.ts';

// Every check can fail, and no verdict hangs on the order scenarios run in (issue #32).
// Each run is the four systems' suites at once, on simulators of their own (loopback HTTP, or nock).
//
// What is run, and why it is enough. The full matrix (each defect × concurrency 1, the
// default, each clause alone, five seeds) is some 500 runs a system, far more than `npm
// test` can spend on it, so it is cut, and the cut still proves the claim:
// - Independence holds by construction in a simulated run: each scenario has a model of
//   its own (simulated-stage.ts), and the failed/broken rule reads only what the
//   scenario itself saw and its controls (verdicts.ts judged; test/unit/answer-rule.test.ts
//   shows a scenario is judged alike whatever ran before). What a run's scenarios still
//   share is its machinery: the scheduler, the order cucumber hands, the accounts given
//   before the run, the tag filter. The matrix shows that machinery leaks nothing into a
//   verdict.
// - It runs on every defect of every system at once, so every clause fails or breaks
//   somewhere and each endpoint's own error is judged, and on every faithful variation at
//   once (what real deployments legally do differently): per system, each clause's status
//   and the verdict are those of the reference run (one by one, in the features' order)
//   side by side in the features' order, side by side under each of five seeds of
//   `random:SEED`, and for each clause run alone side by side under a seed taken in turn
//   from the five.
// - One run holds every system: each system is still judged in every arrangement, by its
//   own scenarios only (buildCompliance), and a system's switches act on its own simulator
//   only; a random order then interleaves the systems too, which asks more of the
//   machinery, not less. A clause alone is alone in its system: the i-th clause of each
//   system runs in the i-th such run, and likewise the negative controls below.
// - The runs go over loopback HTTP, where a run costs about half what it costs in process
//   through nock, but for the default arrangement (side by side in the features' order),
//   which runs through nock: the transport is not what is tested here (concurrency.test.ts
//   shows every answer of the suite alike on both), and a status that differs from the
//   reference fails here all the same, whether the order or the transport moved it.
// - Each defect on its own is the negative control: its clause run alone, side by side
//   under a seed taken in turn, fails as a Nonconformance. Its whole-system run is left
//   out: the all-defects set covers the whole-system arrangements.
const SEEDS = ['1', '2', '3', '5', '8'] as const;

/** How a run is arranged: how many scenarios at once, in which order, and per system which clause alone (else every system whole). */
interface Arrangement {
  readonly label: string;
  /** On loopback HTTP servers (the default), or in process through nock. */
  readonly mode?: 'loopback' | 'simulated';
  readonly concurrency?: number;
  readonly order?: PickleOrder;
  readonly clauses?: Partial<Record<SystemKey, string>>;
}

/** The whole-suite arrangements: one by one in the features' order (the reference), side by side in it (the default, through nock), then under each of the five seeds. */
const WHOLE: readonly Arrangement[] = [
  { label: "concurrency 1, in the features' order", concurrency: 1 },
  { label: "the default concurrency, in the features' order, through nock", mode: 'simulated' },
  ...SEEDS.map((seed) => ({ label: `--order random:${seed}`, order: `random:${seed}` as const })),
];

/** The i-th of the five seeds, in turn. */
const seed = (i: number): PickleOrder => `random:${SEEDS[i % SEEDS.length]}`;

type Switches = Pick<HarnessParameters, 'defects' | 'variations'>;

/** One system as one run reported it: its verdict, per clause in scope its status, and its scenarios. */
interface Seen {
  readonly verdict: Verdict | undefined;
  readonly clauses: Readonly<Record<string, ClauseStatus>>;
  readonly scenarios: readonly ScenarioResult[];
}

/** Per system its verdict and its clauses' statuses, from one run arranged so. */
async function statuses(switches: Switches, arrangement: Arrangement): Promise<Record<SystemKey, Seen>> {
  const tags = arrangement.clauses && Object.entries(arrangement.clauses).map(([key, clause]) => `(@${key} and @clause:${clause})`);
  const outcome = await runSuite({
    ...(tags ? { tags: tags.join(' or ') } : {}),
    ...(arrangement.order ? { order: arrangement.order } : {}),
    parameters: { mode: arrangement.mode ?? 'loopback', ...switches, ...(arrangement.concurrency ? { concurrency: arrangement.concurrency } : {}) },
  });
  const compliance = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls });
  const seen = (key: SystemKey): Seen => {
    const system = compliance.systems.find((s) => s.key === key);
    const clauses = Object.fromEntries((system?.clauses ?? []).filter((c) => c.status !== 'out-of-scope').map((c) => [c.id, c.status]));
    return { verdict: system?.verdict, clauses, scenarios: outcome.scenarios.filter((s) => s.system === key) };
  };
  return Object.fromEntries(systemKeys.map((key) => [key, seen(key)])) as Record<SystemKey, Seen>;
}

/** Runs where the i-th run takes, of each system, its i-th item (a clause, a defect), each run under the i-th seed in turn. */
async function inRounds<T>(items: Readonly<Record<SystemKey, readonly T[]>>, run: (round: Partial<Record<SystemKey, T>>, order: PickleOrder) => Promise<void>) {
  for (const [i, round] of roundsOf(items).entries()) await run(round, seed(i));
}

/** What one system showed across the arrangements: its reference, and each difference from it. */
interface Matrix {
  readonly reference: Seen;
  readonly differences: string[];
}

/** Every system's statuses per clause and verdict in every whole-suite arrangement, and each clause's alone, against the reference. */
async function everyArrangement(switches: Switches): Promise<Record<SystemKey, Matrix>> {
  const [reference, ...others] = WHOLE;
  const expected = await statuses(switches, reference as Arrangement);
  const matrix = Object.fromEntries(systemKeys.map((key) => [key, { reference: expected[key], differences: [] as string[] }])) as Record<SystemKey, Matrix>;
  for (const arrangement of others) {
    const seen = await statuses(switches, arrangement);
    for (const key of systemKeys) {
      const { reference: one, differences } = matrix[key];
      try {
        assert.deepEqual(seen[key].clauses, one.clauses, `${arrangement.label}: other statuses than one by one`);
        assert.equal(seen[key].verdict, one.verdict, `${arrangement.label}: another verdict than one by one`);
      } catch (err) {
        differences.push((err as Error).message);
      }
    }
  }
  const clauses = Object.fromEntries(systemKeys.map((key) => [key, Object.keys(expected[key].clauses)])) as Record<SystemKey, string[]>;
  await inRounds(clauses, async (round, order) => {
    const alone = await statuses(switches, { label: 'clauses alone', clauses: round, order });
    for (const [key, clause] of Object.entries(round) as [SystemKey, string][]) {
      const [status, whole] = [alone[key].clauses[clause], expected[key].clauses[clause]];
      if (status !== whole) matrix[key].differences.push(`${clause} run alone under ${order} is ${status}, with its system ${whole}`);
    }
  });
  return matrix;
}

/** The order test of one set of switches, every system switched at once: each system's verdict in every arrangement the same, and `verdict`. */
export function verdictsInAnyOrder(set: 'defects' | 'variations'): void {
  const every = { [set]: systemKeys.flatMap((key) => Object.keys(systems[key][set]).map((name) => `${key}/${name}`)) };
  const [verdict, what] = set === 'defects' ? (['nonconformant', 'every defect'] as const) : (['conformant', 'every faithful variation'] as const);
  describe(`${what} of every system at once: no verdict hanging on the order`, () => {
    let matrix: Record<SystemKey, Matrix>;
    before(async () => {
      matrix = await everyArrangement(every);
    });
    for (const key of systemKeys)
      it(`${key}: ${verdict} alike one by one, side by side, under five seeds, and each clause’s status alone`, () => {
        const { reference, differences } = matrix[key];
        ran(reference.scenarios);
        assert.deepEqual(differences, []);
        assert.equal(reference.verdict, verdict);
      });
  });
}

/** The negative controls: each defect of each system caught on its clause run alone, the i-th defect of every system in the i-th run. */
export function everyDefectCaught(): void {
  describe('every defect caught on its own', () => {
    const defects = Object.fromEntries(
      systemKeys.map((key) => [key, Object.entries(systems[key].defects).map(([defect, { clause, description }]) => ({ defect, clause, description }))]),
    ) as Record<SystemKey, { defect: string; clause: string; description: string }[]>;
    const runs = new Map<string, Seen>();
    before(async () => {
      await inRounds(defects, async (round, order) => {
        const switched = Object.entries(round) as [SystemKey, (typeof defects)[SystemKey][number]][];
        const seen = await statuses(
          { defects: switched.map(([key, { defect }]) => `${key}/${defect}`) },
          { label: 'defects alone', clauses: Object.fromEntries(switched.map(([key, { clause }]) => [key, clause])), order },
        );
        for (const [key, { defect }] of switched) runs.set(`${key}/${defect}`, seen[key]);
      });
    });
    for (const key of systemKeys)
      defects[key].forEach(({ defect, clause, description }, i) =>
        it(`${key}: catches "${defect}" (${description}) on ${clause}, run alone under ${seed(i)}`, () => {
          const { clauses, scenarios } = runs.get(`${key}/${defect}`) ?? ({ clauses: {}, scenarios: [] } as Pick<Seen, 'clauses' | 'scenarios'>);
          const caught = scenarios.filter((s) => s.outcome === 'failed' && s.clauses.includes(clause));
          assert.equal(clauses[clause], 'failed', `${clause} is ${clauses[clause]}`);
          for (const s of caught) assert.equal(s.error?.type, 'Nonconformance', `${s.location} failed for another reason: ${s.error?.message}`);
        }),
      );
  });
}
