import { mkdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { HttpClient } from '../http/client.ts';
import { liveDispatcher } from '../http/dispatcher.ts';
import { redact } from '../http/redact.ts';
import { DEFAULT_TIMEOUT_MS, forgetLastRun, lastRun } from '../harness/stage.ts';
import { buildCompliance, exitCodeOf, toMarkdown, toSummary, type Compliance } from '../report/compliance.ts';
import { carryHistory, writeAllureExtras } from '../report/allure.ts';
import { PlainFileWriter } from '../report/allure-writer.cjs';
import { loadTargets } from '../targets/load.ts';
import { isSystemKey } from '../systems/index.ts';
import { runSuite } from './run.ts';

export interface ConformanceOptions {
  readonly profile?: string;
  readonly tags?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly out?: (text: string) => void;
}

export interface ConformanceOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly compliance?: Compliance;
}

/**
 * One conformance run, as `npm run conformance` does it: check a live run's targets
 * before anything else, run the features with the profile's formatters, then write
 * the compliance report and say what the exit code is.
 */
export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceOutcome> {
  const env = options.env ?? process.env;
  const out = options.out ?? ((text: string) => process.stdout.write(text));
  const fail = (message: string): ConformanceOutcome => {
    out(`conformance: ${redact(message)}\n`);
    return { exitCode: 2 };
  };
  const targetsPath = env.CONFORMANCE_TARGETS;
  const reports = env.CONFORMANCE_REPORTS || 'reports';
  const results = `${reports}/allure-results`;
  const profile = options.profile ?? (targetsPath ? 'live' : 'default');
  // cucumber.cjs reads the reports folder from the environment, as it is when it loads.
  process.env.CONFORMANCE_REPORTS = reports;
  try {
    if (targetsPath && (profile === 'live' || profile === 'default')) {
      const problem = await unreachable(targetsPath);
      if (problem) return fail(problem);
    }
    forgetLastRun();
    await rm(results, { recursive: true, force: true });
    await carryHistory(`${reports}/allure-report`, results);
    const parameters = targetsPath ? { mode: 'live' as const, targets: targetsPath } : undefined;
    const { scenarios } = await runSuite({ profile, ...(options.tags ? { tags: options.tags } : {}), ...(parameters ? { parameters } : {}), formatters: true });
    // Allure's files are written in the background while the scenarios run.
    await PlainFileWriter.settled();
    const run = lastRun();
    if (!run) return fail('the run did not start: see the error above');
    const compliance = buildCompliance(scenarios, { mode: run.mode, baseUrls: run.baseUrls });
    await writeReports(reports, compliance, run);
    out(toSummary(compliance));
    out(`Reports: ${reports}/compliance.md, ${reports}/compliance.json, ${results}/ (npm run report for Allure)\n`);
    return { exitCode: exitCodeOf(compliance), compliance };
  } catch (err) {
    return fail((err as Error).message);
  }
}

/** A live run starts only when every named target answers at all (any HTTP status will do). */
async function unreachable(targetsPath: string): Promise<string | undefined> {
  const targets = await loadTargets(targetsPath);
  const dispatcher = await liveDispatcher(targets.tls);
  try {
    for (const [key, target] of Object.entries(targets.systems)) {
      if (!isSystemKey(key) || !target) continue;
      const http = new HttpClient({ system: key, baseUrl: target.baseUrl, timeoutMs: target.timeoutMs ?? targets.timeoutMs ?? DEFAULT_TIMEOUT_MS, dispatcher, record: () => {} });
      try {
        await http.send({ method: 'GET', path: '/' });
      } catch (err) {
        return `target unreachable before any scenario: ${(err as Error).message}`;
      }
    }
    return undefined;
  } finally {
    await dispatcher.close();
  }
}

async function writeReports(reports: string, compliance: Compliance, run: { mode: string; baseUrls: Readonly<Record<string, string | undefined>> }): Promise<void> {
  await mkdir(reports, { recursive: true });
  await Promise.all([
    writeFile(`${reports}/compliance.json`, `${JSON.stringify(compliance, null, 2)}\n`),
    writeFile(`${reports}/compliance.md`, toMarkdown(compliance)),
    writeAllureExtras(`${reports}/allure-results`, { ...run, versions: versions() }),
  ]);
}

function versions(): Record<string, string> {
  const of = (dir: string) => (JSON.parse(readFileSync(new URL(`../../${dir}package.json`, import.meta.url), 'utf8')) as { version: string }).version;
  return { harness: of(''), node: process.versions.node, cucumber: of('node_modules/@cucumber/cucumber/'), undici: of('node_modules/undici/'), nock: of('node_modules/nock/') };
}
