import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import type { Stage } from '../harness/stage.ts';
import { HttpClient } from '../http/client.ts';
import { redact } from '../http/redact.ts';
import { carryHistory, writeAllureExtras } from '../report/allure.ts';
import { buildCompliance, EXIT, exitCodeOf, type Compliance, type ExitCode } from '../report/compliance.ts';
import { toJunit } from '../report/junit.ts';
import { toMarkdown } from '../report/markdown.ts';
import { EXIT_MEANING, toSummary } from '../report/summary.ts';
import { systems, isSystemKey, type SystemKey } from '../systems/index.ts';
import { loadTargets, targetsPathFrom, type Targets } from '../targets/load.ts';
import { SuiteRun } from './run.ts';

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
}

export interface ConformanceOutcome {
  readonly exitCode: ExitCode;
  readonly compliance?: Compliance;
}

/** Files a run writes at the top of its reports folder; cleared first, so an unfinished run never leaves an older run's look current. */
const OUTPUTS = ['compliance.json', 'compliance.md', 'junit.xml', 'cucumber-report.html', 'cucumber-messages.ndjson', 'allure.log', 'allure-results'];

/**
 * One conformance run, as `npm run conformance` does it: load and check the
 * targets once, take the reports folder, run the features (a live run first checks
 * that every target answers at all, on the run's own connections), then write every
 * report from one compliance model and say what the exit code means.
 */
export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceOutcome> {
  const env = options.env ?? process.env;
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const fail = (message: string, exitCode: ExitCode = EXIT.couldNotRun): ConformanceOutcome => {
    out(`conformance: ${redact(message)}\n`);
    return { exitCode };
  };
  let release: (() => Promise<void>) | undefined;
  try {
    const targetsPath = options.targets ?? targetsPathFrom(env);
    const reports = options.reports ?? (env.CONFORMANCE_REPORTS || 'reports');
    const targets = targetsPath ? await loadTargets(targetsPath, env) : undefined;
    const profile = options.profile ?? (targets ? 'live' : 'default');
    if (targets && profile !== 'live' && profile !== 'default') return fail(`a targets file names real targets, but the ${profile} profile runs the simulators; use the default or live profile`);
    release = await takeFolder(reports);
    await Promise.all(OUTPUTS.map((f) => rm(join(reports, f), { recursive: true, force: true })));
    await carryHistory(join(reports, 'allure-report'), join(reports, 'allure-results'));

    const narrowing = [options.systems?.length ? options.systems.map((k) => `@${k}`).join(' or ') : undefined, options.tags].filter((t) => t !== undefined);
    const tags = narrowing.length > 1 ? narrowing.map((t) => `(${t})`).join(' and ') : narrowing[0];
    const names = options.cucumber?.names ?? [];
    const run = new SuiteRun({
      profile,
      reports,
      ...(options.cucumber?.retry ? { retry: options.cucumber.retry } : {}),
      ...(options.cucumber?.formats?.length ? { formats: options.cucumber.formats } : {}),
      ...(options.cucumber?.dryRun ? { dryRun: true } : {}),
      // Cucumber's progress goes where the summary goes.
      environment: { env, stdout: new Writable({ write: (chunk, _encoding, done) => void (out(String(chunk)), done()) }) },
      ...(tags ? { tags } : {}),
      ...(names.length ? { names } : {}),
      ...(targets ? { targets } : {}),
      parameters: { ...(targets ? { mode: 'live' as const } : {}), ...(options.slow ? { slow: true } : {}), ...(options.concurrency ? { concurrency: options.concurrency } : {}) },
      ...(targets ? { beforeScenarios: (stage: Stage) => preflight(targets, stage) } : {}),
    });
    const onAbort = () => run.interrupt(`the run was ${options.signal?.reason === 'SIGTERM' ? 'terminated' : 'interrupted'}`);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const outcome = await run.done.finally(() => options.signal?.removeEventListener('abort', onAbort));
    if (!outcome.scenarios.some((s) => s.outcome !== 'out-of-scope')) {
      return fail(tags || names.length ? `no scenario matches ${[tags && `--tags "${tags}"`, names.length && `--name ${names.join(', ')}`].filter(Boolean).join(' and ')}` : 'no scenario ran');
    }
    const compliance = buildCompliance(outcome.scenarios, { mode: outcome.mode, baseUrls: outcome.baseUrls, ...(tags ? { tags } : {}), interrupted: outcome.interrupted });
    await writeReports(reports, compliance, { mode: outcome.mode, baseUrls: outcome.baseUrls });
    if (options.verbose) for (const s of outcome.scenarios.filter((x) => x.outcome !== 'passed' && x.outcome !== 'out-of-scope')) out(`  ${s.outcome.padEnd(12)} ${s.location} ${s.name}: ${s.error?.message ?? s.notRun?.reason ?? ''}\n`);
    out(toSummary(compliance));
    out(`Reports: ${reports}/compliance.md, ${reports}/compliance.json, ${reports}/junit.xml, ${reports}/allure-results/ (npm run report for Allure)\n`);
    const signalled = options.signal?.aborted ? (options.signal.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted) : undefined;
    return { exitCode: signalled ?? exitCodeOf(compliance), compliance };
  } catch (err) {
    return fail((err as Error).message, err instanceof Unreachable ? EXIT.broken : EXIT.couldNotRun);
  } finally {
    await release?.();
  }
}

/**
 * A reports folder belongs to one run at a time: two runs writing into one would
 * mix their results. The lock file names the process; one whose process is gone is
 * taken over.
 */
async function takeFolder(reports: string): Promise<() => Promise<void>> {
  await mkdir(reports, { recursive: true });
  const lock = join(reports, '.run.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (holder && holder !== process.pid && alive(holder)) throw new Error(`the reports folder ${reports} is in use by another run (process ${holder}); give this run its own with --reports`);
      await rm(lock, { force: true });
    }
  }
  throw new Error(`could not take the reports folder ${reports}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A target that does not answer at all: broken, not a harness failure. */
class Unreachable extends Error {}

/** A live run starts only when every named target answers at all (any HTTP status will do), on the run's own connections. */
async function preflight(targets: Targets, stage: Stage): Promise<void> {
  await Promise.all(Object.entries(targets.systems).map(async ([key, target]) => {
    if (!isSystemKey(key) || !target) return;
    const http = new HttpClient({ system: key, baseUrl: target.baseUrl, timeoutMs: target.timeoutMs ?? stage.timeoutMs, dispatcher: stage.dispatcher, record: () => {} });
    try {
      await http.send({ method: 'GET', path: '/' });
    } catch (err) {
      throw new Unreachable(`${systems[key].title} unreachable before any scenario: ${(err as Error).message}`);
    }
  }));
}

async function writeReports(reports: string, compliance: Compliance, run: { mode: string; baseUrls: Readonly<Record<string, string | undefined>> }): Promise<void> {
  await mkdir(reports, { recursive: true });
  await Promise.all([
    writeFile(join(reports, 'compliance.json'), `${JSON.stringify({ ...compliance, exitCode: exitCodeOf(compliance), exitMeaning: EXIT_MEANING[exitCodeOf(compliance)] }, null, 2)}\n`),
    writeFile(join(reports, 'compliance.md'), toMarkdown(compliance)),
    writeFile(join(reports, 'junit.xml'), toJunit(compliance)),
    writeAllureExtras(join(reports, 'allure-results'), { ...run, versions: versions() }),
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
