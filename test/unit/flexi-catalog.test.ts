import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clauses } from '../../support/systems/flexi/clauses.ts';

// Its passages are checked against the documents with every system's, in passages.test.ts.
describe('flexi catalog sources', () => {
  it('every clause says how a live run verifies it, and cites the public page', () => {
    for (const clause of clauses) {
      assert.ok(clause.live, `${clause.id} has no live`);
      assert.match(clause.source.url, /^https:\/\/podpora\.flexibee\.eu\//);
    }
  });
});
