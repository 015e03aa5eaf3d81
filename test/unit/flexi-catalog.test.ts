import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { clauses } from '../../support/systems/flexi/clauses.ts';

// The vendor documents live beside the repository (../shared/specs), not in a clone of it.
const specs = fileURLToPath(new URL('../../../shared/specs/', import.meta.url));

describe('flexi catalog sources', { skip: existsSync(specs) ? false : `no vendor documents at ${specs}` }, () => {
  for (const clause of clauses) {
    it(`${clause.id} quotes text really in ${clause.source.document}`, () => {
      const text = readFileSync(specs + clause.source.document, 'utf8').replace(/\s+/g, ' ');
      for (const part of clause.source.passage.split(' … ')) assert.ok(text.includes(part), `not in ${clause.source.document}: ${part}`);
    });
  }
  it('every clause says how a live run verifies it, and cites the public page', () => {
    for (const clause of clauses) {
      assert.ok(clause.live, `${clause.id} has no live`);
      assert.match(clause.source.url, /^https:\/\/podpora\.flexibee\.eu\//);
    }
  });
});
