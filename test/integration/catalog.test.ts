import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runSuite } from '../support/suite-runs.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { systemKeys, systems } from '../../support/systems/index.ts';

// The clause catalogs and the features must agree: every MUST clause is covered by
// a scenario, every tag names a clause, and every MUST clause has a defect that
// breaks it (the negative controls run those defects).
// The catalogs' own checks (defects, unique ids) are in test/unit/catalogs.test.ts.
describe('clause catalogs', () => {
  let plan: readonly ScenarioResult[];
  before(async () => {
    const outcome = await runSuite({ dryRun: true });
    plan = outcome.scenarios;
    assert.ok(plan.length > 0, 'the dry run found no scenario');
  });

  it('every scenario names exactly one system and at least one clause of it', () => {
    for (const scenario of plan) {
      const keys = scenario.tags.map((t) => t.slice(1)).filter((t) => (systemKeys as string[]).includes(t));
      assert.equal(keys.length, 1, `${scenario.location} has system tags ${keys.join(', ') || 'none'}`);
      assert.ok(scenario.clauses.length > 0, `${scenario.location} names no clause`);
      const catalog: readonly { id: string }[] = systems[keys[0] as keyof typeof systems].clauses;
      for (const id of scenario.clauses)
        assert.ok(
          catalog.some((c) => c.id === id),
          `${scenario.location}: @clause:${id} names no ${keys[0]} clause`,
        );
    }
  });

  for (const key of systemKeys) {
    const { clauses } = systems[key];
    it(`${key}: every MUST clause has a scenario`, () => {
      for (const clause of clauses.filter((c) => c.level === 'MUST')) {
        assert.ok(
          plan.some((s) => s.clauses.includes(clause.id)),
          `${clause.id} (${clause.title}) has no scenario`,
        );
      }
    });
  }
});
