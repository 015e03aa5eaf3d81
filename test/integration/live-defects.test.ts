import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCompliance } from '../../support/report/compliance.ts';
import { runSuite } from '../../support/run/run.ts';
import { serveSimulators } from '../../support/harness/serve.ts';
import { systemKeys, systems } from '../../support/systems/index.ts';
import { targetsFile } from '../support/targets-file.ts';
import { ran } from '../support/scenarios.ts';

// The negative controls again, live: each simulator defect served on loopback HTTP
// and run against as a real deployment (no simulator controls). Its system must
// never read conformant; and the defect's clause, run on its own, fails, or, where
// the clause cannot be verified live (never, or not with this targets file), is not
// verified. Run with the rest of its system, the system is nonconformant or not
// verified, never broken: a defect is the system's own doing, never a run that could
// not tell. The clause's run alone stays, though the order test runs each clause alone
// simulated: live one model serves every scenario, so order matters most here, and that
// run costs next to nothing beside the whole system's.

for (const key of systemKeys) {
  describe(`${key} defects served live`, () => {
    for (const [defect, { clause }] of Object.entries(systems[key].defects)) {
      it(`"${defect}" makes ${clause} fail or be not verified, never conformant`, async () => {
        // A fresh deployment for each run: what one run leaves behind must not decide the other.
        const live = async (tags: string, mustRun: boolean) => {
          const served = await serveSimulators([key], { defects: [`${key}/${defect}`] });
          try {
            const outcome = await runSuite({ tags, parameters: { targets: await targetsFile(served.targets) } });
            // The whole system's run must run something; a single clause's may skip all it has live.
            if (mustRun) ran(outcome.scenarios);
            return buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls }).systems.find((s) => s.key === key);
          } finally {
            await served.close();
          }
        };
        const system = await live(`@${key}`, true);
        assert.notEqual(system?.verdict, 'conformant', `${key} read conformant with ${defect}`);
        const broken = system?.clauses.filter((c) => c.status === 'broken').map((c) => `${c.id} (${c.reason ?? ''})`);
        assert.ok(
          system?.verdict === 'nonconformant' || system?.verdict === 'not-verified',
          `${key} is ${system?.verdict} with ${defect}: ${broken?.join('; ')}`,
        );
        const entry = (await live(`@${key} and @clause:${clause}`, false))?.clauses.find((c) => c.id === clause);
        if (entry?.status === 'failed') return;
        assert.notEqual(entry?.live.runs, 'always', `${clause} claims to run in every live run, yet it is ${entry?.status}: ${entry?.reason ?? ''}`);
        assert.equal(entry?.status, 'not-verified', `${clause} is ${entry?.status}: ${entry?.reason ?? ''}`);
      });
    }
  });
}
