import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemKeys, systems } from '../../support/systems/index.ts';

// Every MUST clause has a defect that breaks it (the negative controls run those defects).
describe('clause catalogs', () => {
  for (const key of systemKeys) {
    const { clauses, defects } = systems[key];
    it(`${key}: every MUST clause has a named defect, and every defect breaks a MUST clause`, () => {
      const defectClauses = Object.values(defects).map((d) => d.clause as string);
      for (const clause of clauses.filter((c) => c.level === 'MUST')) assert.ok(defectClauses.includes(clause.id), `${clause.id} has no defect`);
      for (const [name, defect] of Object.entries(defects)) {
        const clause = clauses.find((c) => c.id === defect.clause);
        assert.equal(clause?.level, 'MUST', `defect ${name} names ${defect.clause}, which is not a MUST clause`);
      }
    });
    it(`${key}: clause ids are unique`, () => {
      const ids = clauses.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length);
    });
  }
});
