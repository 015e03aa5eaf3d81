import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clause } from '../support/clauses.ts';
import { runSuite } from '../support/run/run.ts';
import { openSessionsOf, serveSimulators } from '../support/simulation/serve.ts';
import { inforouter } from '../support/systems/inforouter/index.ts';
import { targetsFile } from './support/targets-file.ts';

/** The infoRouter suite run live (no simulator controls) against a simulator served on loopback. */
async function runLive(options: { defects?: string[]; variations?: string[] }) {
  const served = await serveSimulators(['inforouter'], options);
  try {
    const outcome = await runSuite({ tags: '@inforouter', parameters: { targets: await targetsFile(served.targets) } });
    return { ...outcome, open: openSessionsOf('inforouter', served.simulators[0]?.model) };
  } finally {
    await served.close();
  }
}

const catalog: readonly Clause[] = inforouter.clauses;

// Served live, a defect must never leave infoRouter looking conformant: the
// clause it breaks fails with a nonconformance, or is not verified live at all.
describe('infoRouter defects served live', () => {
  for (const [defect, { clause }] of Object.entries(inforouter.defects)) {
    it(`"${defect}" is caught on ${clause} or ${clause} is not verified live`, async () => {
      const { scenarios } = await runLive({ defects: [`inforouter/${defect}`] });
      const mine = scenarios.filter((s) => s.clauses.includes(clause));
      assert.ok(mine.length > 0, `no ${clause} scenario in the run`);
      if (catalog.find((c) => c.id === clause)?.live?.runs === 'never') {
        for (const s of mine) assert.equal(s.status, 'skipped', `${s.location} ran live although ${clause} is never verified live`);
        return;
      }
      const caught = mine.filter((s) => s.status === 'failed' && s.error?.type === 'Nonconformance');
      const allSkipped = mine.every((s) => s.status === 'skipped');
      assert.ok(caught.length > 0 || allSkipped, `${clause}: ${mine.map((s) => `${s.location} ${s.status} ${s.error?.type ?? ''}`).join('; ')}`);
    });
  }

  it('without a defect, every scenario that needs no simulator control passes and no ticket stays open', async () => {
    const { success, scenarios, open } = await runLive({});
    assert.ok(success);
    for (const s of scenarios) assert.equal(s.status, s.tags.includes('@simulator') ? 'skipped' : 'passed', `${s.location}: ${s.error?.message ?? ''}`);
    assert.equal(open, 0);
  });
});
