import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignUnits, claimOf, fits, type Claim, type Pools } from '../../support/harness/claims.ts';
import type { SystemKey } from '../../support/systems/index.ts';

const takes = (claim: Claim) => Object.fromEntries(claim.takes);
const seats =
  (n: number): Pools =>
  (key: SystemKey) =>
    key === 'acumatica' ? { seat: n } : ({} as Record<string, number>);

describe('what each scenario takes on its target, from written scenarios', () => {
  it('gives each scenario accounts of its pools before the run: the least loaded, distinct within a scenario, the same every time', () => {
    const flexi = (id: string, ...steps: string[]) => ({ id, tags: [{ name: '@flexi' }], steps: steps.map((text) => ({ text })) });
    const scenarios = [
      flexi('long', 'the user has a Flexi session', 'the user has a Flexi session', 'the user has a Flexi session'),
      flexi('short', 'the user has a Flexi session'),
      flexi('two', 'the user has a Flexi session', 'the other user has a Flexi session'),
      flexi('admin', 'the administrator has a Flexi session', 'the administrator logs out the user in Flexi as a json call'),
      flexi('none', 'the Flexi logout answers 200'),
      { id: 'acumatica', tags: [{ name: '@acumatica' }], steps: [{ text: 'an API session signed in to the instance' }] },
    ];
    const pools: Pools = (key): Record<string, number> => (key === 'flexi' ? { user: 3, admin: 2 } : { seat: 2 });
    const given = assignUnits(scenarios, pools);
    assert.deepEqual(Object.fromEntries(given), {
      long: { user: [0] },
      short: { user: [1] },
      // The two least loaded, one of them for each role.
      two: { user: [1, 2] },
      admin: { user: [2], admin: [0] },
    });
    assert.deepEqual(assignUnits(scenarios, pools), given, 'the same again');
    // Given, a scenario's accounts are its own alone: those given the same one are kept apart, the rest overlap.
    const claim = (id: string) => claimOf(scenarios.find((s) => s.id === id) as (typeof scenarios)[number], given);
    assert.deepEqual(takes(claim('two')), { 'user#1': 'exclusive', 'user#2': 'exclusive' });
    assert.equal(fits(claim('short'), [claim('long')], pools), true, 'different users');
    assert.equal(fits(claim('short'), [claim('two')], pools), false, 'the same user');
  });

  it('runs a scenario with a step no rule reads alone within its system', () => {
    const unknown = claimOf({ tags: [{ name: '@flexi' }], steps: [{ text: 'the user does something new' }, { text: 'a step nobody wrote a rule for' }] });
    assert.deepEqual(unknown.unmatched, ['a step nobody wrote a rule for']);
    const known = claimOf({ tags: [{ name: '@flexi' }], steps: [{ text: 'the server-authorized caller logs out the user in Flexi' }] });
    assert.equal(fits(unknown, [claimOf({ tags: [{ name: '@flexi' }], steps: [{ text: 'the Flexi logout answers 200' }] })], seats(2)), false);
    assert.equal(fits(known, [unknown], seats(2)), false);
    assert.equal(fits(unknown, [claimOf({ tags: [{ name: '@inforouter' }], steps: [] })], seats(2)), true);
  });
});
