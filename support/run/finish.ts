import { join } from 'node:path';
import { writeAllureExtras } from '../report/allure.ts';
import { compareWithBaseline } from '../report/baseline.ts';
import type { Compliance } from '../report/compliance.ts';
import { isFleet, type BaselineComparison, type FleetCompliance } from '../report/document.ts';
import { EXIT, finalExitCode, reportExitCode, type ExitCode } from '../report/exit-codes.ts';
import type { ScenarioResult } from '../report/results.ts';
import { toFleetSummary, toSummary } from '../report/summary.ts';
import { writeReportFiles } from '../report/write.ts';
import type { ConformanceOptions, ConformanceOutcome } from './options.ts';
import type { Plan } from './plan.ts';

// Ends a conformance run: compares with the baseline, decides the exit code, writes every report and says what it means.

/** The scenarios of the run, per deployment of a fleet. */
export type Scenarios = readonly { readonly deployment?: string; readonly results: readonly ScenarioResult[] }[];

export async function finish(
  options: ConformanceOptions,
  plan: Plan,
  report: Compliance | FleetCompliance,
  scenarios: Scenarios,
  out: (text: string) => void,
): Promise<ConformanceOutcome> {
  const { baseline, reports } = plan;
  const comparison = baseline ? compareWithBaseline(baseline, report, { partial: Boolean(options.deployments || options.shard) }) : undefined;
  const signalled = options.signal?.aborted ? (options.signal.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted) : undefined;
  const exitCode = signalled ?? finalExitCode(reportExitCode(report), comparison, options.failOnChange ?? false);
  await writeReports(reports, report, { exitCode, comparison });
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
}

async function writeReports(
  reports: string,
  report: Compliance | FleetCompliance,
  run: { exitCode: ExitCode; comparison: BaselineComparison | undefined },
): Promise<void> {
  await Promise.all([writeReportFiles(reports, report, run), writeAllureExtras(join(reports, 'allure-results'), report, run.exitCode)]);
}
