import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rm } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { Writable } from 'node:stream';
import type { Stage } from '../harness/stage.ts';
import { HttpClient } from '../http/client.ts';
import { redact } from '../http/redact.ts';
import { carryHistory, writeAllureExtras } from '../report/allure.ts';
import { compareWithBaseline, readBaseline } from '../report/baseline.ts';
import { buildCompliance, type Compliance } from '../report/compliance.ts';
import { fleetOf, isFleet, type BaselineComparison, type DeploymentEntry, type FleetCompliance } from '../report/document.ts';
import { EXIT, exitCodeOf, finalExitCode, reportExitCode, type ExitCode } from '../report/exit-codes.ts';
import { selectDeployments } from './deployments.ts';
import type { ScenarioResult } from '../report/results.ts';
import { toFleetSummary, toSummary } from '../report/summary.ts';
import { writeReportFiles } from '../report/write.ts';
import { systems, isSystemKey, type SystemKey } from '../systems/index.ts';
import { isFleetTargets, loadTargetsFile, targetsPathFrom, type Targets } from '../targets/load.ts';
import { takeReportsFolder, takeTargets } from './locks.ts';
import { quiet, SuiteRun, type RunOutcome } from './run.ts';

/** Below the reports folder, a fleet's cucumber outputs, one folder per deployment. */
const DEPLOYMENTS = 'deployments';

export interface ConformanceOptions {
  /** A targets file: a live run. Else `CONFORMANCE_TARGETS`; neither: the built-in simulators. */
  readonly targets?: string;
  /** Where every report goes; else `CONFORMANCE_REPORTS`, else `reports`. */
  readonly reports?: string;
  readonly profile?: string;
  /** Only these systems' scenarios. */
  readonly systems?: readonly SystemKey[];
  readonly tags?: string;
  /** Live runs: include @slow scenarios (else `CONFORMANCE_SLOW=1`). */
  readonly slow?: boolean;
  /** Scenarios at once, as far as the systems' resource rules allow (1: one by one, in the features' order). */
  readonly concurrency?: number;
  /** After the summary, one line per scenario that did not pass. */
  readonly verbose?: boolean;
  /** Cucumber's own options, passed through. */
  readonly cucumber?: { readonly names?: readonly string[]; readonly retry?: number; readonly formats?: readonly string[]; readonly dryRun?: boolean };
  readonly env?: NodeJS.ProcessEnv;
  readonly out?: (text: string) => void;
  /** Aborted: the run is interrupted (SIGINT, SIGTERM); what is open is closed, the reports say so. */
  readonly signal?: AbortSignal;
  /** An earlier run's compliance.json to compare with. */
  readonly baseline?: string;
  /** A change against the baseline ends the run with `EXIT.changed` unless something worse happened. */
  readonly failOnChange?: boolean;
  /** Only these deployments of a fleet's targets file. */
  readonly deployments?: readonly string[];
  /** `i/n`: only the i-th of n shares of the (selected) deployments, by name. */
  readonly shard?: string;
}

export interface ConformanceOutcome {
  readonly exitCode: ExitCode;
  /** A run of one deployment's verdicts. */
  readonly compliance?: Compliance;
  /** A fleet run's. */
  readonly fleet?: FleetCompliance;
  readonly comparison?: BaselineComparison;
}

/** Files a run writes at the top of its reports folder; cleared first, so an unfinished run never leaves an older run's look current. */
const OUTPUTS = [
  'compliance.json',
  'compliance.md',
  'junit.xml',
  'cucumber-report.html',
  'cucumber-messages.ndjson',
  'allure.log',
  'allure-results',
  DEPLOYMENTS,
];

/** What one SuiteRun of the run needs besides the run's own options. */
interface Leg {
  readonly targets: Targets | undefined;
  readonly profile: string;
  /** Where cucumber's own outputs go. */
  readonly reports: string;
  readonly deployment?: { readonly name: string; readonly allureResults: string };
  readonly stdout: Writable;
}

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
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const targetsPath = options.targets ?? targetsPathFrom(env);
    const reports = options.reports ?? (env.CONFORMANCE_REPORTS || 'reports');
    const loaded = targetsPath ? await loadTargetsFile(targetsPath, env) : undefined;
    const fleet = loaded && isFleetTargets(loaded) ? loaded : undefined;
    const targets = loaded && !isFleetTargets(loaded) ? loaded : undefined;
    if (!fleet && (options.deployments || options.shard))
      return fail(`${options.deployments ? '--deployments' : '--shard'} needs a targets file that names deployments`);
    const baseline = options.baseline ? await readBaseline(options.baseline) : undefined;
    const profile = options.profile ?? (loaded ? 'live' : 'default');
    if (loaded && profile !== 'live' && profile !== 'default')
      return fail(`a targets file names real targets, but the ${profile} profile runs the simulators; use the default or live profile`);
    const selection = fleet
      ? selectDeployments(
          fleet.deployments.map((d) => d.name),
          options,
        )
      : undefined;
    if (selection?.unknown.length)
      return fail(
        `--deployments: no deployment ${selection.unknown.map((n) => JSON.stringify(n)).join(', ')} in ${targetsPath}; it names ${fleet?.deployments.map((d) => d.name).join(', ')}`,
      );
    if (selection && selection.selected.length === 0)
      return fail(`shard ${options.shard} of ${fleet?.deployments.length} deployments has none: use fewer shards`);
    release = await takeReportsFolder(reports);
    const live = [
      ...(targets ? [targets] : []),
      ...(fleet && selection ? fleet.deployments.filter((d) => selection.selected.includes(d.name)).map((d) => d.targets) : []),
    ];
    if (live.length) {
      const releaseFolder = release;
      const releaseTargets = await takeTargets(live);
      release = async () => void (await Promise.all([releaseFolder(), releaseTargets()]));
    }
    await Promise.all(OUTPUTS.map((f) => rm(join(reports, f), { recursive: true, force: true })));
    await carryHistory(join(reports, 'allure-report'), join(reports, 'allure-results'));

    const narrowing = [options.systems?.length ? options.systems.map((k) => `@${k}`).join(' or ') : undefined, options.tags].filter((t) => t !== undefined);
    const tags = narrowing.length > 1 ? narrowing.map((t) => `(${t})`).join(' and ') : narrowing[0];
    const names = options.cucumber?.names ?? [];
    // Cucumber's progress goes where the summary goes; a fleet's runs would interleave theirs, so each says when it is done instead.
    const progress = new Writable({ write: (chunk, _encoding, done) => void (out(String(chunk)), done()) });
    const leg = async (l: Leg): Promise<RunOutcome> => {
      const run = new SuiteRun({
        profile: l.profile,
        reports: l.reports,
        ...(l.deployment ? { deployment: l.deployment } : {}),
        ...(options.cucumber?.retry ? { retry: options.cucumber.retry } : {}),
        ...(options.cucumber?.formats?.length
          ? { formats: options.cucumber.formats.map((f) => (l.deployment ? perDeployment(f, l.deployment.name) : f)) }
          : {}),
        ...(options.cucumber?.dryRun ? { dryRun: true } : {}),
        ...(options.verbose ? { verbose: true } : {}),
        environment: { env, stdout: l.stdout },
        ...(tags ? { tags } : {}),
        ...(names.length ? { names } : {}),
        ...(l.targets ? { targets: l.targets } : {}),
        parameters: {
          ...(l.targets ? { mode: 'live' as const } : {}),
          ...(options.slow ? { slow: true } : {}),
          ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        },
        ...(l.targets ? { beforeScenarios: (stage: Stage) => preflight(l.targets as Targets, stage) } : {}),
      });
      runs.add(run);
      if (options.signal?.aborted) onAbort();
      return run.done.finally(() => runs.delete(run));
    };
    const nothingMatched = () =>
      fail(
        tags || names.length
          ? `no scenario matches ${[tags && `--tags "${tags}"`, names.length && `--name ${names.join(', ')}`].filter(Boolean).join(' and ')}`
          : 'no scenario ran',
      );
    const context = (outcome: RunOutcome) => ({
      mode: outcome.mode,
      baseUrls: outcome.baseUrls,
      ...(tags ? { tags } : {}),
      interrupted: outcome.interrupted,
      afterRun: outcome.afterRun,
    });

    let report: Compliance | FleetCompliance;
    let scenarios: { deployment?: string; results: readonly ScenarioResult[] }[];
    let baseUrls: Record<string, string | undefined>;
    if (!fleet || !selection) {
      const outcome = await leg({ targets, profile, reports, stdout: progress });
      if (!outcome.scenarios.some((s) => s.outcome !== 'out-of-scope')) return nothingMatched();
      report = buildCompliance(outcome.scenarios, context(outcome));
      scenarios = [{ results: outcome.scenarios }];
      baseUrls = { ...outcome.baseUrls };
    } else {
      const chosen = fleet.deployments.filter((d) => selection.selected.includes(d.name));
      out(`Checking ${chosen.length} deployment${chosen.length === 1 ? '' : 's'} at once: ${chosen.map((d) => d.name).join(', ')}\n`);
      const done = await Promise.all(
        chosen.map(async (d): Promise<{ entry: DeploymentEntry; outcome?: RunOutcome }> => {
          try {
            const outcome = await leg({
              targets: d.targets,
              profile,
              reports: join(reports, DEPLOYMENTS, d.name),
              deployment: { name: d.name, allureResults: join(reports, 'allure-results') },
              stdout: quiet(),
            });
            const compliance = buildCompliance(outcome.scenarios, context(outcome));
            // A deployment without any system the run selected (--systems, --tags) has nothing to say: it does not decide the fleet's code.
            const selected = compliance.systems.some((s) => s.verdict !== 'out-of-scope') || compliance.harnessFaults.length > 0;
            const entry = { deployment: d.name, ...compliance, exitCode: selected ? exitCodeOf(compliance) : EXIT.conformant };
            out(`  ${d.name}: exit ${entry.exitCode}\n`);
            return { entry, outcome };
          } catch (err) {
            if (!(err instanceof Unreachable)) throw err;
            // One deployment that cannot be reached must not keep the others from being checked.
            out(`  ${d.name}: ${redact(err.message)}\n`);
            return {
              entry: {
                deployment: d.name,
                generatedAt: new Date().toISOString(),
                mode: 'live',
                systems: [],
                harnessFaults: [],
                afterRun: [],
                exitCode: EXIT.broken,
                problem: err.message,
              },
            };
          }
        }),
      );
      if (!done.some(({ outcome }) => outcome?.scenarios.some((s) => s.outcome !== 'out-of-scope') ?? true)) return nothingMatched();
      report = fleetOf(
        done.map((d) => d.entry),
        { mode: 'live', ...(tags ? { tags } : {}), interrupted: done.some((d) => d.outcome?.interrupted) },
      );
      scenarios = done.map(({ entry, outcome }) => ({ deployment: entry.deployment, results: outcome?.scenarios ?? [] }));
      baseUrls = Object.fromEntries(
        done.flatMap(({ entry, outcome }) => Object.entries(outcome?.baseUrls ?? {}).map(([k, v]) => [`${entry.deployment}.${k}`, v])),
      );
    }
    const comparison = baseline ? compareWithBaseline(baseline, report, { partial: Boolean(options.deployments || options.shard) }) : undefined;
    const signalled = options.signal?.aborted ? (options.signal.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted) : undefined;
    const exitCode = signalled ?? finalExitCode(reportExitCode(report), comparison, options.failOnChange ?? false);
    await writeReports(reports, report, { exitCode, comparison, mode: report.mode, baseUrls });
    if (options.verbose) {
      for (const { deployment, results } of scenarios) {
        for (const s of results.filter((x) => x.outcome !== 'passed' && x.outcome !== 'out-of-scope'))
          out(`  ${deployment ? `${deployment} ` : ''}${s.outcome.padEnd(12)} ${s.location} ${s.name}: ${s.error?.message ?? s.notRun?.reason ?? ''}\n`);
      }
    }
    out(
      isFleet(report)
        ? toFleetSummary(report, { exitCode, ...(comparison ? { comparison } : {}) })
        : toSummary(report, { exitCode, ...(comparison ? { comparison } : {}) }),
    );
    out(
      `Reports: ${reports}/compliance.md, ${reports}/compliance.json, ${reports}/junit.xml, ${reports}/site/index.html, ${reports}/allure-results/ (npm run report for Allure)\n`,
    );
    return { exitCode, ...(isFleet(report) ? { fleet: report } : { compliance: report }), ...(comparison ? { comparison } : {}) };
  } catch (err) {
    return fail((err as Error).message, err instanceof Unreachable ? EXIT.broken : EXIT.couldNotRun);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await release?.();
  }
}

/**
 * An extra formatter's file for one deployment of a fleet, named after it
 * (`out.json` becomes `out.eu-prod.json`): the deployments run at once, and would
 * otherwise write over each other's.
 */
export function perDeployment(format: string, deployment: string): string {
  const at = format.indexOf(':');
  if (at < 0) return format;
  const path = format.slice(at + 1);
  const ext = extname(path);
  return `${format.slice(0, at)}:${path.slice(0, path.length - ext.length)}.${deployment}${ext}`;
}

/** A target that does not answer at all: broken, not a harness failure. */
class Unreachable extends Error {}

/** A live run starts only when every named target answers at all (any HTTP status will do), on the run's own connections. */
async function preflight(targets: Targets, stage: Stage): Promise<void> {
  await Promise.all(
    Object.entries(targets.systems).map(async ([key, target]) => {
      if (!isSystemKey(key) || !target) return;
      const http = new HttpClient({
        system: key,
        baseUrl: target.baseUrl,
        timeoutMs: target.timeoutMs ?? stage.timeoutMs,
        dispatcher: stage.dispatcher,
        record: () => {},
      });
      try {
        await http.send({ method: 'GET', path: '/' });
      } catch (err) {
        throw new Unreachable(`${systems[key].title} unreachable before any scenario: ${(err as Error).message}`);
      }
    }),
  );
}

async function writeReports(
  reports: string,
  report: Compliance | FleetCompliance,
  run: { exitCode: ExitCode; comparison: BaselineComparison | undefined; mode: string; baseUrls: Readonly<Record<string, string | undefined>> },
): Promise<void> {
  await Promise.all([
    writeReportFiles(reports, report, run),
    writeAllureExtras(join(reports, 'allure-results'), { mode: run.mode, baseUrls: run.baseUrls, versions: versions() }),
  ]);
}

/** Versions for the report's environment, found as Node finds the packages (npm may hoist them anywhere). */
function versions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const of = (name: string): string => {
    // A package's main entry sits somewhere below its folder; its package.json is at the top of it.
    let dir = dirname(require.resolve(name));
    while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist') || dir.endsWith('/lib')) dir = dirname(dir);
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  };
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return { harness: own.version, node: process.versions.node, cucumber: of('@cucumber/cucumber'), undici: of('undici'), nock: of('nock') };
}
