import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { CoordinatorContext, IFilterablePickle } from '@cucumber/cucumber/api';
import { version } from '@cucumber/cucumber';
import type { Pools } from '../../support/harness/claims.ts';
import { inRun, newRunState } from '../../support/harness/run-state.ts';
import type { Stage } from '../../support/harness/stage.ts';
import accounts from '../../support/run/accounts-plugin.ts';
import { INTERNALS_OF, internalsProblem, offerOrder, shapeProblem } from '../../support/run/scheduler.ts';

describe("cucumber's internals, used by the scheduler alone", () => {
  it('are those of the exact version package.json pins, in the shape the scheduler reads', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    assert.equal(pkg.dependencies['@cucumber/cucumber'], INTERNALS_OF, 'an exact version, no range');
    assert.equal(version, INTERNALS_OF);
    assert.equal(internalsProblem, undefined);
  });

  it('are refused in one line naming the expected version when another is installed or their shape changed', () => {
    class Phase {
      constructor(_a: unknown, _b: unknown, _c: unknown, _d: unknown, _e: unknown) {}
      fill() {}
      next() {}
    }
    const adapter = { prototype: { runTestCases() {} } };
    assert.equal(shapeProblem(INTERNALS_OF, adapter, Phase), undefined);
    const newer = shapeProblem('13.4.0', adapter, Phase);
    assert.match(newer ?? '', new RegExp(`need @cucumber/cucumber ${INTERNALS_OF.replaceAll('.', '\\.')} exactly.*but 13\\.4\\.0 is installed`));
    const reshaped = shapeProblem(INTERNALS_OF, {}, class {}) ?? '';
    assert.match(reshaped, /without InProcessAdapter\.prototype\.runTestCases, TestCasesPhase\(.*\), TestCasesPhase\.prototype\.fill/);
    assert.doesNotMatch(reshaped, /\n/);
  });
});

describe('the accounts plugin', () => {
  const pickle = (id: string, ...steps: string[]): IFilterablePickle =>
    ({ pickle: { id, tags: [{ name: '@flexi' }], steps: steps.map((text) => ({ text })) } }) as unknown as IFilterablePickle;
  const transformers = () => {
    const found: ((pickles: readonly IFilterablePickle[]) => unknown)[] = [];
    void accounts.coordinator({
      transform: (key: string, transformer: (pickles: readonly IFilterablePickle[]) => unknown) => {
        assert.equal(key, 'pickles:order');
        found.push(transformer);
      },
    } as unknown as CoordinatorContext<unknown>);
    return found;
  };

  it("gives each scenario its accounts before the run, on cucumber's public plugin API, without changing the order", async () => {
    const pools: Pools = (key): Record<string, number> => (key === 'flexi' ? { user: 2, admin: 1 } : {});
    const state = newRunState({ pools } as Stage, { concurrency: 1 });
    const pickles = [pickle('a', 'the user has a Flexi session'), pickle('b', 'the user has a Flexi session'), pickle('c', 'the Flexi logout answers 200')];
    const [order] = transformers();
    assert.ok(order, 'the plugin registers a pickles:order transform');
    const ordered = await inRun(state, async () => order(pickles));
    assert.deepEqual(ordered, pickles);
    assert.deepEqual(Object.fromEntries(state.assignment), { a: { user: [0] }, b: { user: [1] } });
  });

  it('leaves everything as it is outside a run', async () => {
    const [order] = transformers();
    const pickles = [pickle('a', 'the user has a Flexi session')];
    assert.deepEqual(await order?.(pickles), pickles);
  });
});

describe('the order scenarios are offered in, side by side', () => {
  const testCase = (name: string, ...tags: string[]) => ({ name, pickle: { tags: tags.map((t) => ({ name: t })), steps: [] } });
  const handed = [testCase('a1', '@acumatica'), testCase('a2', '@acumatica'), testCase('f1', '@flexi'), testCase('s1', '@flexi', '@slow')];
  const names = (cases: readonly { name: string }[]) => cases.map((c) => c.name);

  it("in the features' order: long waits first, then the systems in turn", () => {
    assert.deepEqual(names(offerOrder(handed, 'defined')), ['s1', 'a1', 'f1', 'a2']);
  });

  it('in any other order the run asked for (random:SEED, reverse): as cucumber hands them', () => {
    for (const order of ['random:7', 'random', 'reverse'] as const) assert.deepEqual(names(offerOrder(handed, order)), ['a1', 'a2', 'f1', 's1']);
  });
});
