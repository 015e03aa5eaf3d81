import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import type { Clause } from '../../support/clauses.ts';
import { runSuite } from '../../support/run/run.ts';
import type { ScenarioResult } from '../../support/report/results.ts';
import { inforouter } from '../../support/systems/inforouter/index.ts';

const catalog: readonly Clause[] = inforouter.clauses;
// The vendor documents sit beside the repository in the project's workspace; a clone has none.
const SPECS = new URL('../../../shared/specs/', import.meta.url);
const FEATURES = new URL('../../features/inforouter/', import.meta.url);
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('infoRouter catalog', () => {
  let plan: readonly ScenarioResult[];
  before(async () => {
    plan = (await runSuite({ tags: '@inforouter', dryRun: true })).scenarios;
  });

  it('every clause says how a live run verifies it, and its scenarios agree', () => {
    for (const clause of catalog) {
      assert.ok(clause.live, `${clause.id} does not say how it runs live`);
      const mine = plan.filter((s) => s.clauses.includes(clause.id));
      const runLive = mine.filter((s) => !s.tags.includes('@simulator') && !s.tags.includes('@slow'));
      if (clause.live.runs === 'never') {
        assert.ok(clause.live.why.length > 20, `${clause.id}: say why`);
        assert.deepEqual(
          runLive.map((s) => s.location),
          [],
          `${clause.id} is never verified live, yet these scenarios run live`,
        );
      } else {
        assert.ok(runLive.length > 0, `${clause.id} claims to run live but every scenario needs the simulator`);
      }
    }
  });

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

  it('every passage is quoted from the document it names', { skip: !existsSync(SPECS) && 'the vendor documents are not beside this clone' }, () => {
    for (const { id, source } of catalog) {
      const document = flat(readFileSync(new URL(source.document, SPECS), 'utf8'));
      for (const quote of source.passage.split(' … ')) assert.ok(document.includes(flat(quote)), `${id}: "${quote}" is not in ${source.document}`);
    }
  });
});
