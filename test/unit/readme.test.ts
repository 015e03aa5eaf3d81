import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import type { Clause } from '../../support/clauses.ts';
import { systemKeys, systems } from '../../support/systems/index.ts';

/** `FLX-1 … FLX-4, FLX-6` → FLX-1, FLX-2, FLX-3, FLX-4, FLX-6 */
function ids(cell: string): string[] {
  return cell.split(',').flatMap((part) => {
    const [from, to] = part.split('…').map((s) => s.trim());
    const range = to && /^([A-Z]+)-(\d+)$/.exec(from ?? '') && /^([A-Z]+)-(\d+)$/.exec(to);
    if (!range || !from) return from ? [from] : [];
    const [prefix, first] = from.split('-') as [string, string];
    return Array.from({ length: Number(range[2]) - Number(first) + 1 }, (_, i) => `${prefix}-${Number(first) + i}`);
  });
}

it("the README's table of what runs live says what each MUST clause's catalog entry says", async () => {
  const readme = await readFile('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Which clauses run live'));
  const rows = new Map<string, { live: string; needs: string }>();
  for (const [, first, live, needs] of section.matchAll(/^\|\s*([A-Z][^|]*?)\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|$/gm)) {
    for (const id of ids(first ?? '')) rows.set(id, { live: live ?? '', needs: needs ?? '' });
  }
  for (const key of systemKeys) {
    for (const clause of (systems[key].clauses as readonly Clause[]).filter((c) => c.level === 'MUST')) {
      const row = rows.get(clause.id);
      assert.ok(row, `${clause.id} is not in the README's table`);
      const live = clause.live ?? { runs: 'always' };
      if (live.runs === 'never') assert.match(row.live, /^never: /, clause.id);
      else assert.doesNotMatch(row.live, /^never/, clause.id);
      if (live.runs === 'with') assert.match(row.needs, new RegExp(`\`${live.needs}\``), clause.id);
      else assert.equal(row.needs.trim(), '', clause.id);
    }
  }
});
