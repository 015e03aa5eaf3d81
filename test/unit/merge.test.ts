import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fleetOf, type BaselineComparison } from '../../support/report/document.ts';
import { EXIT, EXIT_MEANING, type ExitCode } from '../../support/report/exit-codes.ts';
import { mergeReports } from '../../support/report/merge.ts';
import { complianceOf } from '../support/compliances.ts';
import { tempDir } from '../support/temp.ts';

const dir = await tempDir('merge-');

/** A comparison with the baseline that found only coverage lost: FLX-5 of `deployment`, verified then, out of scope now. */
const coverageLost = (deployment: string): BaselineComparison => ({
  baseline: { path: 'before/compliance.json', generatedAt: new Date(0).toISOString() },
  changed: true,
  behaviourChanged: false,
  coverageLost: [`${deployment} FLX-5`],
  deployments: { new: [], gone: [] },
  clauses: [{ deployment, system: 'flexi', clause: 'FLX-5', change: 'status', kind: 'coverage', from: 'passed', to: 'out-of-scope' }],
  observations: [],
});

/** A shard's compliance.json: one deployment whose Flexi is conformant, the shard's exit code, its comparison if any. */
async function shard(deployment: string, exitCode: ExitCode, baseline?: BaselineComparison): Promise<string> {
  const path = join(dir, `${deployment}.json`);
  const fleet = fleetOf([{ deployment, ...complianceOf(['flexi']), exitCode: EXIT.conformant }], { mode: 'live' });
  await writeFile(path, JSON.stringify({ ...fleet, exitCode, exitMeaning: EXIT_MEANING[exitCode], ...(baseline ? { baseline } : {}) }));
  return path;
}

describe('merge with --fail-on-change', () => {
  it('honours a shard that exited 4 for coverage lost alone, as one run over every deployment would', async () => {
    const eu = await shard('eu', EXIT.notVerified, coverageLost('eu'));
    const us = await shard('us', EXIT.conformant, { ...coverageLost('us'), changed: false, coverageLost: [], clauses: [] });
    const merged = await mergeReports([eu, us]);
    assert.deepEqual(merged.comparison?.coverageLost, ['eu FLX-5']);
    assert.equal(merged.exitCode, EXIT.notVerified);
  });

  it('without --fail-on-change (the shard exited 0 on its verdicts), coverage lost does not change the exit code', async () => {
    const merged = await mergeReports([await shard('ap', EXIT.conformant, coverageLost('ap'))]);
    assert.equal(merged.exitCode, EXIT.conformant);
  });
});
