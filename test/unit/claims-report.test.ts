import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCompliance } from '../../support/report/compliance.ts';
import { toMarkdown } from '../../support/report/markdown.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { sapMobileServices } from '../../support/systems/sap-mobile-services/index.ts';

// The report's clause section lists the claims a clause checks, each verified only when
// the scenario that checks it passed in this run.

const KEY = 'sap-mobile-services';
const sap5 = sapMobileServices.clauses.find((c) => c.id === 'SAP-5');
const scenarioNames = [...new Set((sap5?.claims ?? []).map((c) => c.scenario))];

const result = (name: string, outcome: ScenarioResult['outcome']): ScenarioResult => ({
  name,
  location: `features/${KEY}/side-effects.feature:1`,
  tags: [`@${KEY}`, '@clause:SAP-5'],
  system: KEY,
  clauses: ['SAP-5'],
  observations: [],
  cleanup: [],
  durationMs: 1,
  outcome,
  ...(outcome === 'failed' ? { error: { type: 'Nonconformance', message: 'registration left' } } : {}),
});

const claimsOf = (results: ScenarioResult[]) => {
  const compliance = buildCompliance(results, { mode: 'simulated', baseUrls: {}, now: new Date(0) });
  const clause = compliance.systems.find((s) => s.key === KEY)?.clauses.find((c) => c.id === 'SAP-5');
  return { compliance, claims: clause?.claims ?? [] };
};

describe('claims in the report', () => {
  it('SAP-5 has claims in two scenarios (v1 POST and v1 DELETE)', () => assert.equal(scenarioNames.length, 2));

  it('a claim is verified when its scenario passed, and not when it did not run or failed', () => {
    const [post, del] = scenarioNames as [string, string];
    const { compliance, claims } = claimsOf([result(post, 'passed'), result(del, 'not-verified')]);
    assert.deepEqual(
      claims.map((c) => [c.scenario, c.verified]),
      sap5?.claims?.map((c) => [c.scenario, c.scenario === post]),
    );
    assert.match(toMarkdown(compliance), /- SAP-5 verified: POST \/mobileservices\/sessions\/logout removes the push registration of the device/);
    assert.match(toMarkdown(compliance), /- SAP-5 not verified: DELETE \/mobileservices\/sessions removes/);
    const failing = claimsOf([result(post, 'passed'), result(del, 'failed')]).claims;
    assert.deepEqual(
      failing.map((c) => c.verified),
      sap5?.claims?.map((c) => c.scenario === post),
      'the claims of the failed scenario are not verified, those of the passed one are',
    );
  });
});
