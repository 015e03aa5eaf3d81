import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { acumatica } from '../../support/systems/acumatica/index.ts';

// Its passages are checked against the documents with every system's, in passages.test.ts.
describe('acumatica sources', () => {
  it('every clause says how a live run verifies it, and why when it never can', () => {
    for (const clause of acumatica.clauses) {
      assert.ok(clause.live, `${clause.id} says nothing of live runs`);
      if (clause.live.runs === 'never') assert.ok(clause.live.why.length > 20, `${clause.id}: say why`);
    }
  });

  it("the features cite the vendor's public page, never the workspace's copy", async () => {
    const dir = join(import.meta.dirname, '..', '..', 'features', 'acumatica');
    for (const name of await readdir(dir)) {
      const text = await readFile(join(dir, name), 'utf8');
      assert.doesNotMatch(text, /shared\/specs|VENDOR-NOTES/, name);
      assert.match(text, /https:\/\/help\.myob\.com\.au\//, name);
    }
  });
});
