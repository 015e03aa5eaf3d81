import { join } from 'node:path';
import { redact } from '../http/redact/index.ts';
import { carryHistory } from '../report/allure.ts';
import { buildCompliance, type Compliance } from '../report/compliance.ts';
import { fleetOf, type FleetCompliance } from '../report/document.ts';
import { EXIT, type ExitCode } from '../report/exit-codes.ts';
import { finish, type Scenarios } from './finish.ts';
import { contextOf, runFleet, runOne, Unreachable, type Track } from './legs.ts';
import type { ConformanceOptions, ConformanceOutcome } from './options.ts';
import { planRun, takeForRun } from './plan.ts';
import type { SuiteRun } from './run.ts';

export type { ConformanceOptions, ConformanceOutcome } from './options.ts';

/**
 * One conformance run, as `npm run conformance` does it: load and check the
 * targets once, read the baseline, take the reports folder, run the features (a live
 * run first checks that every target answers at all, on the run's own connections) —
 * for a fleet, each selected deployment in its own run, all at once — then write
 * every report from one model and say what the exit code means.
 */
export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceOutcome> {
  const env = options.env ?? process.env;
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const fail = (message: string, exitCode: ExitCode = EXIT.couldNotRun): ConformanceOutcome => {
    out(`conformance: ${redact(message)}\n`);
    return { exitCode };
  };
  let release: (() => Promise<void>) | undefined;
  const runs = new Set<SuiteRun>();
  const onAbort = () => {
    for (const run of runs) run.interrupt(`the run was ${options.signal?.reason === 'SIGTERM' ? 'terminated' : 'interrupted'}`);
  };
  const track: Track = (run) => {
    runs.add(run);
    if (options.signal?.aborted) onAbort();
    return run.done.finally(() => runs.delete(run));
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const plan = await planRun(options, env);
    if ('problem' in plan) return fail(plan.problem);
    const { reports, tags, names } = plan;
    release = await takeForRun(plan);
    await carryHistory(join(reports, 'allure-report'), join(reports, 'allure-results'));

    const nothingMatched = () =>
      fail(
        tags || names.length
          ? `no scenario matches ${[tags && `--tags "${tags}"`, names.length && `--name ${names.join(', ')}`].filter(Boolean).join(' and ')}`
          : 'no scenario ran',
      );
    let report: Compliance | FleetCompliance;
    let scenarios: Scenarios;
    if (!plan.deployments) {
      const outcome = await runOne(options, plan, out, track);
      if (!outcome.scenarios.some((s) => s.outcome !== 'out-of-scope')) return nothingMatched();
      report = buildCompliance(outcome.scenarios, contextOf(outcome, tags));
      scenarios = [{ results: outcome.scenarios }];
    } else {
      const done = await runFleet(options, plan, plan.deployments, out, track);
      if (!done.some(({ outcome }) => outcome?.scenarios.some((s) => s.outcome !== 'out-of-scope') ?? true)) return nothingMatched();
      report = fleetOf(
        done.map((d) => d.entry),
        { mode: 'live', ...(tags ? { tags } : {}), interrupted: done.some((d) => d.outcome?.interrupted) },
      );
      scenarios = done.map(({ entry, outcome }) => ({ deployment: entry.deployment, results: outcome?.scenarios ?? [] }));
    }
    return await finish(options, plan, report, scenarios, out);
  } catch (err) {
    return fail((err as Error).message, err instanceof Unreachable ? EXIT.broken : EXIT.couldNotRun);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await release?.();
  }
}
