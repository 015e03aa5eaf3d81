import { createRequire } from 'node:module';
import type { Pickle } from '@cucumber/messages';
import { assignUnits, claimOf, scheduler } from '../harness/claims.ts';
import { findRun } from '../harness/run-state.ts';

/**
 * Scenarios side by side in one process. Cucumber's own parallel runner puts each
 * worker in a thread of its own, which loads the whole harness again and opens a
 * stage of its own per thread (start-up, memory, and a run the caller cannot
 * interrupt or read back). Its executor, though, runs any number of test cases at
 * once, each with its own world, and its `TestCasesPhase` already schedules them by
 * a `canAssign` rule. So the in-process adapter of a run that asks for more than one
 * scenario at a time hands its test cases to that phase, with the rule made from
 * the systems' resource rules and the run's targets; a run of one goes on as
 * cucumber runs it, in the features' order.
 *
 * These are cucumber's internals (`lib/*` is exported for exactly such use), pinned
 * by the lockfile; test/integration/concurrency.test.ts fails if they change shape.
 */
interface AssembledTestCase {
  readonly pickle: Pickle;
}
interface Command {
  readonly assembledTestCase: AssembledTestCase;
  readonly failing: boolean;
}
interface Phase {
  fill(): Command | undefined;
  next(command: Command, event: { success: boolean }): Command | undefined;
}
interface Executor {
  runTestCase(testCase: AssembledTestCase, failing: boolean): Promise<boolean>;
}
interface InProcessAdapter {
  readonly executor: Executor;
  runTestCases(testCases: readonly AssembledTestCase[]): Promise<boolean>;
}

const require = createRequire(import.meta.url);
const { InProcessAdapter } = require('@cucumber/cucumber/lib/runtime/serial/adapter') as { InProcessAdapter: { prototype: InProcessAdapter } };
const { TestCasesPhase } = require('@cucumber/cucumber/lib/runtime/parallel/test_cases_phase') as {
  TestCasesPhase: new (
    resolve: (success: boolean) => void,
    reject: (reason: unknown) => void,
    logger: { warn(message: string): void },
    canAssign: (pickle: Pickle, running: Pickle[]) => boolean,
    testCases: readonly AssembledTestCase[],
  ) => Phase;
};

/**
 * The order scenarios are offered in: long waits first, so they overlap the rest
 * of the run rather than end it; then the systems taken in turn, each in its
 * features' order, so every system's chain of scenarios (those that share an
 * account run one after another) starts at once rather than after the systems
 * listed before it.
 */
const offerOrder = (testCases: readonly AssembledTestCase[]): AssembledTestCase[] => {
  const slow = (t: AssembledTestCase) => t.pickle.tags.some((tag) => tag.name === '@slow');
  const bySystem = new Map<string, AssembledTestCase[]>();
  for (const t of testCases.filter((t) => !slow(t))) {
    const system = claimOf(t.pickle).system ?? '';
    bySystem.set(system, [...(bySystem.get(system) ?? []), t]);
  }
  const queues = [...bySystem.values()];
  const inTurn: AssembledTestCase[] = [];
  for (let i = 0; queues.some((q) => i < q.length); i++) for (const q of queues) if (i < q.length) inTurn.push(q[i] as AssembledTestCase);
  return [...testCases.filter(slow), ...inTurn];
};

const serial = InProcessAdapter.prototype.runTestCases;
if (!(serial as { sideBySide?: true }).sideBySide) {
  const sideBySide = async function (this: InProcessAdapter, testCases: readonly AssembledTestCase[]): Promise<boolean> {
    const run = findRun();
    // Accounts are given by the features' order, before any reordering: the same at every concurrency.
    if (run)
      run.assignment = assignUnits(
        testCases.map((t) => t.pickle),
        run.stage.pools,
      );
    if (!run || run.concurrency <= 1 || testCases.length < 2) return serial.call(this, testCases);
    const { executor } = this;
    const canAssign = scheduler(run.stage.pools, run.assignment);
    return new Promise<boolean>((resolve, reject) => {
      const phase = new TestCasesPhase(resolve, reject, { warn: () => {} }, canAssign, offerOrder(testCases));
      let running = 0;
      const start = (command: Command): void => {
        running++;
        executor.runTestCase(command.assembledTestCase, command.failing).then((success) => {
          running--;
          const next = phase.next(command, { success });
          if (next) start(next);
          fill();
        }, reject);
      };
      // Every free place is offered the next scenario the rules let start now.
      const fill = (): void => {
        for (let command: Command | undefined; running < run.concurrency && (command = phase.fill());) start(command);
      };
      fill();
    });
  };
  InProcessAdapter.prototype.runTestCases = Object.assign(sideBySide, { sideBySide: true as const });
}
