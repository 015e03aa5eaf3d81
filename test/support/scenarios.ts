import assert from 'node:assert/strict';
import type { Outcome, ScenarioResult } from '../../support/report/results.ts';

/** Outcomes of a scenario that ran to a verdict (not skipped, not out of the run's scope). */
const RAN: readonly Outcome[] = ['passed', 'failed', 'broken', 'harness'];

/**
 * How many scenarios ran to a verdict; fails the test when fewer than `atLeast`
 * did, for a run in which no scenario ran proves nothing.
 */
export function ran(scenarios: readonly ScenarioResult[], atLeast = 1): number {
  const count = scenarios.filter((s) => RAN.includes(s.outcome)).length;
  assert.ok(count >= atLeast, `${count} scenario(s) ran to a verdict, expected at least ${atLeast}`);
  return count;
}

/**
 * The scenarios that failed, and why, one line each; `passed` and `out-of-scope`
 * never count, and `allow` names outcomes that are no failure for the test at hand
 * (`not-verified` in a live run that skips what it cannot check). Fails the test
 * first when no scenario ran at all.
 */
export function failures(scenarios: readonly ScenarioResult[], { allow = [] }: { readonly allow?: readonly Outcome[] } = {}): string[] {
  ran(scenarios);
  return scenarios
    .filter((s) => s.outcome !== 'passed' && s.outcome !== 'out-of-scope' && !allow.includes(s.outcome))
    .map((s) => `${s.location} ${s.outcome}: ${s.error ? `${s.error.type} ${s.error.message}` : (s.notRun?.reason ?? '')}`);
}
