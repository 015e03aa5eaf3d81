import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Cleanups } from '../../support/harness/cleanups.ts';
import { branchPath, inBranchOrder, runTogether } from '../../support/harness/together.ts';

/** What a world records while branches run: each entry with the branch it came from, put back in order when they settle. */
function recorder() {
  const entries: { name: string; path: readonly number[] }[] = [];
  const cleanups = new Cleanups();
  const closed: string[] = [];
  const arrived: string[] = [];
  const record = (name: string) => {
    arrived.push(name);
    entries.push({ name, path: branchPath() });
    cleanups.defer(`close ${name}`, () => void closed.push(name));
  };
  const together = <T extends readonly unknown[]>(...work: { readonly [K in keyof T]: () => Promise<T[K]> }) => {
    const from = entries.length;
    const closings = cleanups.size;
    return runTogether<T>(work, (depth) => {
      inBranchOrder(entries, from, depth, (e) => e.path);
      cleanups.inBranchOrder(closings, depth);
    });
  };
  return { entries, cleanups, closed, arrived, record, together };
}

/** Records `name` after `ms`: a request whose answer takes that long. */
const answer = (record: (name: string) => void, name: string, ms: number) => async () => {
  await sleep(ms);
  record(name);
  return name;
};

describe('requests sent together', () => {
  it('run at once, and read as if one branch ran after another, whichever answer came first', async () => {
    const { entries, cleanups, closed, arrived, record, together } = recorder();
    record('before');
    // The first branch's answers come last.
    const values = await together(
      async () => [await answer(record, 'a1', 30)(), await answer(record, 'a2', 30)()],
      answer(record, 'b', 5),
      answer(record, 'c', 1),
    );
    assert.deepEqual(values, [['a1', 'a2'], 'b', 'c']);
    assert.deepEqual(
      entries.map((e) => e.name),
      ['before', 'a1', 'a2', 'b', 'c'],
    );
    // They ran at once: the last branch's answer came first.
    assert.deepEqual(arrived, ['before', 'c', 'b', 'a1', 'a2']);
    // Clean-ups run newest first: the last branch's closing first, as if the branches had run in order.
    assert.deepEqual(await cleanups.run(), []);
    assert.deepEqual(closed, ['c', 'b', 'a2', 'a1', 'before']);
  });

  it('put nested branches in order within their own branch', async () => {
    const { entries, record, together } = recorder();
    await together(() => together(answer(record, 'a.x', 20), answer(record, 'a.y', 1)), answer(record, 'b', 1));
    assert.deepEqual(
      entries.map((e) => e.name),
      ['a.x', 'a.y', 'b'],
    );
  });

  it('wait for every branch, then throw the first failure in branch order', async () => {
    const { entries, record, together } = recorder();
    const failing = (message: string, ms: number) => async () => {
      await sleep(ms);
      throw new Error(message);
    };
    await assert.rejects(together(failing('first', 20), failing('second', 1), answer(record, 'c', 30)), /^Error: first$/);
    assert.deepEqual(
      entries.map((e) => e.name),
      ['c'],
      'the last branch was still waited for',
    );
  });
});
