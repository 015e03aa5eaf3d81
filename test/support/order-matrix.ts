import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HarnessParameters, PickleOrder } from '../../support/harness/parameters.ts';
import { buildCompliance } from '../../support/report/compliance.ts';
import { runSuite } from '../../support/run/run.ts';
import { systems, type SystemKey } from '../../support/systems/index.ts';
import { ran } from './scenarios.ts';

// Every check can fail, and no verdict hangs on the order scenarios run in (issue #32).
// Each run is one system's suite (`@<key>`), in process through nock.
//
// What is run, and why it is enough. The full matrix (each defect × concurrency 1, the
// default, each clause alone, five seeds) is some 500 runs, far more than `npm test` can
// spend on it, so it is cut, and the cut still proves the claim:
// - Independence holds by construction in a simulated run: each scenario has a model of
//   its own (simulated-stage.ts), and the failed/broken rule reads only what the
//   scenario itself saw and its controls (verdicts.ts judged; test/unit/answer-rule.test.ts
//   shows a scenario is judged alike whatever ran before). What a run's scenarios still
//   share is its machinery: the scheduler, the order cucumber hands, the accounts given
//   before the run, the tag filter. The matrix shows that machinery leaks nothing into a
//   verdict.
// - It runs on every defect of the system at once, so every clause fails or breaks
//   somewhere and each endpoint's own error is judged: per clause the status, and the
//   system's verdict, are those of the reference run (one by one, in the features'
//   order) side by side under two seeds of `random:SEED`, and each MUST clause run alone
//   side by side under a seed taken in turn from five. Dropped, for their cost: the whole
//   system under the other three seeds and in the features' order side by side (the
//   clause-alone runs shuffle under all five, and every run but the reference is side
//   by side), and the faithful variations (test/integration/variations.test.ts runs
//   them all at once, every system conformant).
// - Each defect on its own is the negative control: its clause run alone, side by side
//   under a seed taken in turn, fails as a Nonconformance. Its whole-system run is left
//   out: the all-defects set covers the whole-system arrangements.
const SEEDS = ['1', '2', '3', '5', '8'] as const;

/** How a run is arranged: how many scenarios at once, in which order, and which clause alone (else the whole system). */
interface Arrangement {
  readonly label: string;
  readonly concurrency?: number;
  readonly order?: PickleOrder;
  readonly clause?: string;
}

/** The whole-system arrangements: one by one in the features' order (the reference), then side by side under two seeds. */
const WHOLE: readonly Arrangement[] = [
  { label: "concurrency 1, in the features' order", concurrency: 1 },
  ...SEEDS.slice(0, 2).map((seed) => ({ label: `--order random:${seed}`, order: `random:${seed}` as const })),
];

/** The i-th of the five seeds, in turn. */
const seed = (i: number): PickleOrder => `random:${SEEDS[i % SEEDS.length]}`;

/** Per clause its status, and the system's verdict, as one run reported them. */
async function statuses(key: SystemKey, switches: Pick<HarnessParameters, 'defects' | 'variations'>, arrangement: Arrangement) {
  const outcome = await runSuite({
    tags: arrangement.clause ? `@${key} and @clause:${arrangement.clause}` : `@${key}`,
    ...(arrangement.order ? { order: arrangement.order } : {}),
    parameters: { mode: 'simulated', ...switches, ...(arrangement.concurrency ? { concurrency: arrangement.concurrency } : {}) },
  });
  const system = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls }).systems.find((s) => s.key === key);
  const clauses = Object.fromEntries((system?.clauses ?? []).filter((c) => c.status !== 'out-of-scope').map((c) => [c.id, c.status]));
  return { verdict: system?.verdict, clauses, scenarios: outcome.scenarios };
}

/** The same statuses per clause and the same verdict in every whole-system arrangement, and each clause's alone. */
async function sameInEveryArrangement(key: SystemKey, switches: Pick<HarnessParameters, 'defects' | 'variations'>) {
  const [reference, ...others] = WHOLE;
  const expected = await statuses(key, switches, reference as Arrangement);
  ran(expected.scenarios);
  for (const arrangement of others) {
    const seen = await statuses(key, switches, arrangement);
    assert.deepEqual(seen.clauses, expected.clauses, `${arrangement.label}: other statuses than one by one`);
    assert.equal(seen.verdict, expected.verdict, `${arrangement.label}: another verdict than one by one`);
  }
  // Alone, the MUST clauses: what decides a verdict (an assumption never does).
  const must = new Set<string>(systems[key].clauses.filter((c) => c.level === 'MUST').map((c) => c.id));
  for (const [i, clause] of Object.keys(expected.clauses)
    .filter((id) => must.has(id))
    .entries()) {
    const alone = await statuses(key, switches, { label: `${clause} alone`, clause, order: seed(i) });
    assert.equal(
      alone.clauses[clause],
      expected.clauses[clause],
      `${clause} run alone is ${alone.clauses[clause]}, with its system ${expected.clauses[clause]}`,
    );
  }
  return expected;
}

/** The order test and the negative controls of one system. */
export function verdictsInAnyOrder(key: SystemKey): void {
  describe(`${key}: every defect caught, and no verdict hanging on the order`, () => {
    it('every defect at once: each clause’s status and the verdict alike one by one, shuffled side by side, and each clause alone', async () => {
      const { verdict } = await sameInEveryArrangement(key, { defects: Object.keys(systems[key].defects).map((d) => `${key}/${d}`) });
      assert.equal(verdict, 'nonconformant');
    });

    Object.entries(systems[key].defects).forEach(([defect, { clause, description }], i) => {
      const order = seed(i);
      it(`catches "${defect}" (${description}) on ${clause}, run alone under ${order}`, async () => {
        const { clauses, scenarios } = await statuses(key, { defects: [`${key}/${defect}`] }, { label: defect, clause, order });
        const caught = scenarios.filter((s) => s.outcome === 'failed' && s.clauses.includes(clause));
        assert.equal(clauses[clause], 'failed', `${clause} is ${clauses[clause]}`);
        for (const s of caught) assert.equal(s.error?.type, 'Nonconformance', `${s.location} failed for another reason: ${s.error?.message}`);
      });
    });
  });
}
