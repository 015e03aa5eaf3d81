import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectDeployments } from '../../support/run/deployments.ts';

describe('the deployments a run checks', () => {
  it("shards split the deployments by name, each in exactly one, whatever the file's order", () => {
    const names = ['c', 'a', 'e', 'b', 'd'];
    const of = (shard: string) => selectDeployments(names, { shard }).selected;
    assert.deepEqual(
      [of('1/2'), of('2/2')],
      [
        ['a', 'c', 'e'],
        ['b', 'd'],
      ],
    );
    assert.deepEqual(selectDeployments([...names].reverse(), { shard: '1/2' }).selected, ['a', 'c', 'e']);
    assert.deepEqual(selectDeployments(names, { deployments: ['e', 'a', 'x'], shard: '1/1' }), { selected: ['a', 'e'], unknown: ['x'] });
  });
});
