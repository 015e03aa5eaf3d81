import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MASK, Redactor } from '../../support/http/redact/index.ts';
import { encodings } from '../support/encodings.ts';

// The redactor's limits, kept out of the unit tier for the seconds a 5 MB secret takes. A redactor of the
// test's own: the process's would mask every later test's texts against a 5 MB secret too.

it('masks a 64 KB token and a 5 MB password in every form, and every other secret beside them', () => {
  const token = 'T0k-'.repeat(16_384);
  const unit = 'p"\\<&%+é'; // the characters that need escaping
  const password = unit.repeat(655_360); // 5 MB of them
  assert.ok(password.length >= 5_000_000);
  const redactor = new Redactor();
  redactor.register('ordinary-secret-1', token, password);
  // Every form encodes character by character: a repeated text's form is its unit's, repeated.
  const formsOf = (piece: string, times: number) => Object.entries(encodings(piece)).map(([name, form]) => [name, form.repeat(times)] as const);
  for (const forms of [formsOf(token, 1), formsOf(unit, 655_360)]) {
    // Secrets this long are matched by their usual forms only: hexadecimal character references are not among them.
    for (const [name, form] of forms.filter(([name]) => name !== 'xml, hex')) {
      const out = redactor.redact(`a ${form} b ordinary-secret-1 c`);
      assert.equal(out, `a ${MASK} b ${MASK} c`, `${name}: ${out.slice(0, 80)}`);
    }
  }
});
