import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chains, criticalPath } from '../../bin/bench/critical-path.ts';
import { claimOf } from '../../support/harness/claims.ts';

describe('the critical path', () => {
  // Two scenarios given the same ordinary Flexi user, and one given another.
  const assignment = new Map([
    ['user-a', { user: [0] }],
    ['user-b', { user: [0] }],
    ['other', { user: [1] }],
  ]);
  const flexi = (id: string) => claimOf({ id, tags: [{ name: '@flexi' }], steps: [{ text: 'the user has a Flexi session' }] }, assignment);
  const claims = new Map(['user-a', 'user-b', 'other'].map((id) => [id, flexi(id)]));
  const pools = () => ({});

  it('chains the requests of a scenario, and of scenarios the rules kept apart', () => {
    const requests = [
      { scenario: 'user-a', start: 0, end: 1 },
      { scenario: 'user-a', start: 1, end: 2 },
      { scenario: 'user-b', start: 2, end: 3 },
      { scenario: 'user-b', start: 3, end: 4 },
    ];
    assert.equal(criticalPath(requests, claims, pools), 4);
  });

  it('does not chain requests sent together, nor scenarios free to overlap that happened to run one after another', () => {
    const requests = [
      { scenario: 'user-a', start: 0, end: 1 },
      { scenario: 'user-a', start: 1, end: 2 },
      { scenario: 'user-a', start: 1, end: 2 },
      { scenario: 'other', start: 2, end: 3 },
      { scenario: 'other', start: 3, end: 4 },
    ];
    assert.equal(criticalPath(requests, claims, pools), 2);
  });

  it("counts each scenario's own chain, and how many of its requests lie on the run's", () => {
    const requests = [
      { scenario: 'user-a', start: 0, end: 1 },
      { scenario: 'user-a', start: 1, end: 2 },
      { scenario: 'user-a', start: 1, end: 2 },
      { scenario: 'user-b', start: 2, end: 3 },
      { scenario: 'other', start: 0, end: 1 },
    ];
    const { length, own, along } = chains(requests, claims, pools);
    assert.equal(length, 3);
    assert.deepEqual(Object.fromEntries(own), { 'user-a': 2, 'user-b': 1, other: 1 });
    assert.deepEqual(Object.fromEntries(along), { 'user-a': 2, 'user-b': 1 });
  });
});
