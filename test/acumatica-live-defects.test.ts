import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { targetsFile } from './support/targets-file.ts';
import { runSuite } from '../support/run/run.ts';
import { serveSimulators } from '../support/simulation/serve.ts';
import { acumatica } from '../support/systems/acumatica/index.ts';
import type { Clause } from '../support/clauses.ts';

const clauseOf = (id: string): Clause | undefined => (acumatica.clauses as readonly Clause[]).find((c) => c.id === id);

/**
 * What a live run against the served simulator (its own config as the targets file,
 * no simulator controls) shows of one clause: caught (a scenario of it failed with a
 * Nonconformance), unverified (every scenario of it skipped, or the clause never runs
 * live), or missed (it ran and nothing was found). Fresh simulators and only the
 * clause's scenarios: a seat one scenario's defect holds would refuse the next
 * scenario's sign-ins and hide the finding behind a broken run.
 */
async function servedLive(clause: string, defects: readonly string[]): Promise<{ shown: 'caught' | 'unverified' | 'missed'; detail: string }> {
  const served = await serveSimulators(['acumatica'], { defects });
  try {
    const { scenarios } = await runSuite({ tags: `@acumatica and @clause:${clause}`, parameters: { targets: await targetsFile(served.targets) } });
    assert.ok(scenarios.length > 0, `no ${clause} scenario`);
    const detail = scenarios.map((s) => `${s.location} ${s.status} ${s.error ? `${s.error.type}: ${s.error.message}` : (s.skipReason ?? '')}`).join('; ');
    if (scenarios.some((s) => s.status === 'failed' && s.error?.type === 'Nonconformance')) return { shown: 'caught', detail };
    if (clauseOf(clause)?.live?.runs === 'never' || scenarios.every((s) => s.status === 'skipped')) return { shown: 'unverified', detail };
    return { shown: 'missed', detail };
  } finally {
    await served.close();
  }
}

// Every defect served live: its clause is caught, or not verified; never passed.
describe('acumatica defects served live', () => {
  for (const [defect, { clause }] of Object.entries(acumatica.defects)) {
    const live = clauseOf(clause)?.live;
    it(`"${defect}" served live: ${clause} is ${live?.runs === 'never' ? 'not verified' : 'caught, unless it must wait (@slow)'}`, async () => {
      assert.ok(live, `${clause} says nothing of how a live run verifies it`);
      const { shown, detail } = await servedLive(clause, [`acumatica/${defect}`]);
      assert.notEqual(shown, 'missed', `served live, ${defect} was not caught: ${detail}`);
      // The served targets file has every optional entry; only @slow keeps a clause unverified there.
      if (live.runs !== 'never' && clause !== 'ACU-5') assert.equal(shown, 'caught', detail);
    });
  }

  it('can fail: against the faithful simulator, every clause that runs live without waiting is missed, not caught', async () => {
    for (const clause of acumatica.clauses as readonly Clause[]) {
      if (clause.level !== 'MUST' || clause.live?.runs === 'never' || clause.id === 'ACU-5') continue;
      const { shown, detail } = await servedLive(clause.id, []);
      assert.equal(shown, 'missed', `${clause.id}: ${detail}`);
    }
  });
});
