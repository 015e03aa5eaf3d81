import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { acumatica } from '../../support/systems/acumatica/index.ts';

// The vendor documents sit beside the repository in the project's workspace; a
// clone without them cannot check quotations, and says so.
const SPECS = join(import.meta.dirname, '..', '..', '..', 'shared', 'specs');
const normalize = (text: string) => text.replace(/\*\*/g, '').replace(/\s+/g, ' ');

describe('acumatica sources', () => {
  it(
    'every passage is quoted from the document it names (fragments joined by " … "), or says it has none',
    { skip: existsSync(SPECS) ? false : `no vendor documents at ${SPECS}` },
    async () => {
      for (const { id, source } of acumatica.clauses) {
        if (source.document === 'none') {
          assert.match(source.passage, /^No vendor passage: /, `${id} names no document, so its passage must say it has none`);
          continue;
        }
        const text = normalize((await Promise.all(source.document.split(' and ').map((d) => readFile(join(SPECS, d), 'utf8')))).join('\n'));
        for (const fragment of source.passage.split(' … ')) assert.ok(text.includes(normalize(fragment)), `${id}: "${fragment}" is not in ${source.document}`);
      }
    },
  );

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
