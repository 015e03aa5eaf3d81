import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Clause } from '../../support/clauses.ts';
import { inforouter } from '../../support/systems/inforouter/index.ts';

const catalog: readonly Clause[] = inforouter.clauses;
const FEATURES = new URL('../../features/inforouter/', import.meta.url);

describe('infoRouter catalog', () => {
  it('INR-8 is retired: another ticket of the same user staying valid is an assumption (INR-A3), with no defect', () => {
    assert.equal(
      catalog.some((c) => c.id === 'INR-8'),
      false,
    );
    assert.equal(catalog.find((c) => c.id === 'INR-A3')?.level, 'ASSUMPTION');
    assert.equal(
      Object.values(inforouter.defects).some((d) => ['INR-8', 'INR-A3'].includes(d.clause)),
      false,
    );
  });

  it("features cite the vendor's public pages, never the workspace's copies", () => {
    for (const file of readdirSync(FEATURES)) {
      const text = readFileSync(new URL(file, FEATURES), 'utf8');
      assert.doesNotMatch(text, /shared\/specs|VENDOR-NOTES/, file);
      assert.match(text, /https:\/\/support\.inforouter\.com\/api-docs\/LogOut/, file);
    }
  });
});
