import { createRequire } from 'node:module';
import { version as installed } from '@cucumber/cucumber';
import type { Pickle } from '@cucumber/messages';
import { claimOf, scheduler } from '../harness/claims.ts';
import type { PickleOrder } from '../harness/parameters.ts';
import { findRun } from '../harness/run-state.ts';

/**
 * Scenarios side by side in one process, on cucumber's internals: the only module
 * that touches them. Why not its public API (checked against 13.3.0):
 * - `parallel: n` (`runCucumber`'s runtime options) is the only public way to run
 *   test cases at once, and `setParallelCanAssign` applies only there; but it runs
 *   them in worker threads (lib/runtime/make_runtime.js makes a
 *   `WorkerThreadsAdapter` for `parallel > 0`; cucumber-js pull request 2710 moved
 *   it from child processes to threads), each loading the support code again
 *   (the API's own note: a loaded support library "is only useful in serial mode")
 *   with world parameters that must be JSON. A run's state lives in the caller's
 *   process and async context (run-state.ts): the open stage (nock's interception
 *   is per thread; the simulators' models), the clean-ups still pending, the
 *   interrupt, the evidence budget, `onExchange` (the bench times every exchange)
 *   and `keepExchanges`. None of it can reach a worker thread.
 * - Plugins (`pickles:filter`, `pickles:order`) choose and order the pickles
 *   before the run; nothing public runs two of them at once. A runtime of our own
 *   of one `runCucumber` per scenario would give one HTML, message and Allure
 *   report per scenario, and BeforeAll/AfterAll hooks per scenario, instead of one run.
 * So the in-process adapter of a run that asks for more than one scenario at a
 * time hands its test cases to cucumber's `TestCasesPhase`, which schedules them
 * by a `canAssign` rule made from the systems' resource rules and the run's
 * targets; a run of one goes on as cucumber runs it, in the features' order.
 * Correctness does not hang on this: each scenario's test accounts are given
 * before the run by a public plugin (accounts-plugin.ts), at any concurrency.
 *
 * package.json pins @cucumber/cucumber to exactly INTERNALS_OF (an installed
 * package resolves no range afresh); `internalsProblem` says, in one line, when
 * the internals found do not have the shape this module reads.
 */
export const INTERNALS_OF = '13.3.0';

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

type PhaseClass = new (
  resolve: (success: boolean) => void,
  reject: (reason: unknown) => void,
  logger: { warn(message: string): void },
  canAssign: (pickle: Pickle, running: Pickle[]) => boolean,
  testCases: readonly AssembledTestCase[],
) => Phase;

/**
 * Why the internals found cannot serve, in one line naming the version this module
 * was written for; undefined when they have the shape it reads.
 */
export function shapeProblem(version: string, adapter: unknown, phase: unknown): string | undefined {
  const missing = [
    typeof (adapter as { prototype?: { runTestCases?: unknown } } | undefined)?.prototype?.runTestCases === 'function'
      ? ''
      : 'InProcessAdapter.prototype.runTestCases',
    typeof phase === 'function' && phase.length === 5 ? '' : 'TestCasesPhase(resolve, reject, logger, canAssign, testCases)',
    ...['fill', 'next'].map((m) =>
      typeof (phase as { prototype?: Record<string, unknown> } | undefined)?.prototype?.[m] === 'function' ? '' : `TestCasesPhase.prototype.${m}`,
    ),
  ].filter(Boolean);
  if (version === INTERNALS_OF && !missing.length) return undefined;
  return `scenarios side by side need @cucumber/cucumber ${INTERNALS_OF} exactly (its internals), but ${version} is installed${missing.length ? ` without ${missing.join(', ')}` : ''}: install ${INTERNALS_OF}, or run with --concurrency 1`;
}

const load = (path: string): Record<string, unknown> => {
  try {
    return createRequire(import.meta.url)(path) as Record<string, unknown>;
  } catch {
    return {};
  }
};
const { InProcessAdapter } = load('@cucumber/cucumber/lib/runtime/serial/adapter') as { InProcessAdapter?: { prototype: InProcessAdapter } };
const { TestCasesPhase } = load('@cucumber/cucumber/lib/runtime/parallel/test_cases_phase') as { TestCasesPhase?: PhaseClass };

/** Set when the installed cucumber's internals cannot run scenarios side by side; a run at concurrency 1 does not need them. */
export const internalsProblem = shapeProblem(installed, InProcessAdapter, TestCasesPhase);

/**
 * The order scenarios are offered in. In the features' order (cucumber's `defined`):
 * long waits first, so they overlap the rest of the run rather than end it; then the
 * systems taken in turn, each in its features' order, so every system's chain of
 * scenarios (those that share an account run one after another) starts at once rather
 * than after the systems listed before it. Any other order the run asked for
 * (`random:SEED`, `reverse`) is kept as cucumber hands it.
 */
export const offerOrder = <T extends { readonly pickle: Parameters<typeof claimOf>[0] }>(testCases: readonly T[], order: PickleOrder): T[] => {
  if (order !== 'defined') return [...testCases];
  const slow = (t: T) => t.pickle.tags.some((tag) => tag.name === '@slow');
  const bySystem = new Map<string, T[]>();
  for (const t of testCases.filter((t) => !slow(t))) {
    const system = claimOf(t.pickle).system ?? '';
    bySystem.set(system, [...(bySystem.get(system) ?? []), t]);
  }
  const queues = [...bySystem.values()];
  const inTurn: T[] = [];
  for (let i = 0; queues.some((q) => i < q.length); i++) for (const q of queues) if (i < q.length) inTurn.push(q[i] as T);
  return [...testCases.filter(slow), ...inTurn];
};

if (!internalsProblem && InProcessAdapter && TestCasesPhase && !(InProcessAdapter.prototype.runTestCases as { sideBySide?: true }).sideBySide) {
  const serial = InProcessAdapter.prototype.runTestCases;
  const Phase = TestCasesPhase;
  const sideBySide = async function (this: InProcessAdapter, testCases: readonly AssembledTestCase[]): Promise<boolean> {
    const run = findRun();
    if (!run || run.concurrency <= 1 || testCases.length < 2) return serial.call(this, testCases);
    const { executor } = this;
    if (typeof executor?.runTestCase !== 'function')
      throw new Error(
        `scenarios side by side need @cucumber/cucumber ${INTERNALS_OF}'s InProcessAdapter.executor.runTestCase: install ${INTERNALS_OF}, or run with --concurrency 1`,
      );
    const rules = scheduler(run.stage.pools, run.assignment);
    // The phase asks about every waiting scenario each time a place is free. A scenario
    // refused stays refused until one ends: more scenarios running only take more.
    const refused = new Set<Pickle>();
    const canAssign = (pickle: Pickle, running: Pickle[]): boolean => {
      if (refused.has(pickle)) return false;
      const fits = rules(pickle, running);
      if (!fits) refused.add(pickle);
      return fits;
    };
    return new Promise<boolean>((resolve, reject) => {
      const phase = new Phase(resolve, reject, { warn: () => {} }, canAssign, offerOrder(testCases, run.order));
      let running = 0;
      const start = (command: Command): void => {
        running++;
        executor.runTestCase(command.assembledTestCase, command.failing).then((success) => {
          running--;
          refused.clear();
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
