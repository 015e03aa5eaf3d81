import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { systemKeys, systems } from '../../support/systems/index.ts';

// The vendor documents sit beside the repository in the project's workspace
// (../shared/specs, or where CONFORMANCE_SPECS says); a clone without them cannot
// check quotations, and says so in one line.
const SPECS = resolve(process.env.CONFORMANCE_SPECS ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'specs'));
const normalize = (text: string) => text.replace(/\*\*/g, '').replace(/\s+/g, ' ');

describe('every passage of every catalog', { skip: existsSync(SPECS) ? false : `no vendor documents at ${SPECS}` }, () => {
  for (const key of systemKeys) {
    it(`${key}: each passage is quoted from the documents it names (fragments joined by " … "), or says it has none`, () => {
      const { clauses } = systems[key];
      assert.ok(clauses.length > 0, `${key} has no clause`);
      for (const { id, source } of clauses) {
        if (source.document === 'none') {
          assert.match(source.passage, /^No vendor passage: /, `${id} names no document, so its passage must say it has none`);
          continue;
        }
        const text = normalize(
          source.document
            .split(' and ')
            .map((d) => readFileSync(join(SPECS, d), 'utf8'))
            .join('\n'),
        );
        for (const fragment of source.passage.split(' … ')) assert.ok(text.includes(normalize(fragment)), `${id}: "${fragment}" is not in ${source.document}`);
      }
    });
  }
});
