import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCompliance } from '../../support/report/compliance.ts';
import { runSuite } from '../../support/run/run.ts';
import { serveSimulators } from '../../support/harness/serve.ts';
import { systemKeys, systems } from '../../support/systems/index.ts';
import { targetsFile } from '../support/targets-file.ts';
import { ran } from '../support/scenarios.ts';

// The negative controls again, live: each simulator defect served on loopback HTTP
// and run against as a real deployment (no simulator controls), one run of its whole
// system each. The system must never read conformant, and never broken: a defect is the
// system's own doing, never a run that could not tell. The defect's clause fails, or,
// where the clause cannot be verified live (never, or not with this targets file), is
// not verified. The clause is no longer run alone live as well: that arrangement, and
// the others, are the order test's (order-matrix.ts), and a live run judges each
// scenario on its own as a simulated one does (verdicts.ts judged).
for (const key of systemKeys) {
  describe(`${key} defects served live`, () => {
    for (const [defect, { clause }] of Object.entries(systems[key].defects)) {
      it(`"${defect}" makes ${clause} fail or be not verified, never conformant`, async () => {
        const served = await serveSimulators([key], { defects: [`${key}/${defect}`] });
        let system;
        try {
          const outcome = await runSuite({ tags: `@${key}`, parameters: { targets: await targetsFile(served.targets) } });
          ran(outcome.scenarios);
          system = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls }).systems.find((s) => s.key === key);
        } finally {
          await served.close();
        }
        assert.notEqual(system?.verdict, 'conformant', `${key} read conformant with ${defect}`);
        const broken = system?.clauses.filter((c) => c.status === 'broken').map((c) => `${c.id} (${c.reason ?? ''})`);
        assert.ok(
          system?.verdict === 'nonconformant' || system?.verdict === 'not-verified',
          `${key} is ${system?.verdict} with ${defect}: ${broken?.join('; ')}`,
        );
        const entry = system?.clauses.find((c) => c.id === clause);
        if (entry?.status === 'failed') return;
        assert.notEqual(entry?.live.runs, 'always', `${clause} claims to run in every live run, yet it is ${entry?.status}: ${entry?.reason ?? ''}`);
        assert.equal(entry?.status, 'not-verified', `${clause} is ${entry?.status}: ${entry?.reason ?? ''}`);
      });
    }
  });
}
