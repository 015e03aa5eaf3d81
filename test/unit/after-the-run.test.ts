import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AfterTheRun, isAfterTheRun, type Cleanups } from '../../support/harness/cleanups.ts';

describe('closings after the run', () => {
  it('are registered once per label, run with the stacks still pending, and are told apart from any scenario', async () => {
    const pending = new Set<Cleanups>();
    const after = new AfterTheRun(pending);
    const ran: string[] = [];
    after.defer('log out Flexi user admin', () => void ran.push(`first, after the run: ${isAfterTheRun()}`));
    after.defer('log out Flexi user admin', () => void ran.push('second'));
    assert.equal(pending.size, 1);
    assert.deepEqual(ran, []);
    const problems = (await Promise.all([...pending].map((cleanups) => cleanups.run()))).flat();
    assert.deepEqual(problems, []);
    assert.deepEqual(ran, ['first, after the run: true']);
    assert.equal(isAfterTheRun(), false);
  });
});
