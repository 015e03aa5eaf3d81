import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  byName,
  fleetOf,
  isFleet,
  readReport,
  ReportError,
  type BaselineComparison,
  type DeploymentEntry,
  type FleetCompliance,
  type Report,
} from './document.ts';
import { EXIT, exitCodeOf, finalExitCode, reportExitCode, type ExitCode } from './exit-codes.ts';

export interface Merged {
  readonly fleet: FleetCompliance;
  /** As the single run over every deployment would end. */
  readonly exitCode: ExitCode;
  /** The shards' comparisons with their baseline, when every shard made one. */
  readonly comparison?: BaselineComparison;
  /** The Allure results folders beside the merged files: each run's, for `mergeAllureResults`. */
  readonly allureResults: readonly string[];
}

/**
 * Several runs' compliance.json (shards of one fleet, or runs of deployments of
 * their own) as one fleet, the same as a single run over all of them would report.
 * Each deployment must come from one file only, and all from runs of one kind (mode
 * and tags): else the matrix would set unlike verdicts side by side.
 */
export async function mergeReports(paths: readonly string[]): Promise<Merged> {
  if (paths.length === 0) throw new ReportError('no compliance.json to merge');
  const reports = await Promise.all(paths.map(async (path) => ({ path, report: await readReport(path, path) })));
  const from = new Map<string, string>();
  const deployments: DeploymentEntry[] = [];
  for (const { path, report } of reports) {
    const entries: DeploymentEntry[] = isFleet(report)
      ? [...report.deployments]
      : report.deployment !== undefined
        ? [{ ...report, deployment: report.deployment, exitCode: exitCodeOf(report) }]
        : [];
    if (entries.length === 0)
      throw new ReportError(`${path}: a run of one unnamed deployment; merge takes the compliance.json of runs of a fleet (a targets file with deployments)`);
    for (const entry of entries) {
      const earlier = from.get(entry.deployment);
      if (earlier) throw new ReportError(`deployment ${entry.deployment} is in both ${earlier} and ${path}: merge each deployment's run once`);
      from.set(entry.deployment, path);
      // A file's own comparison and exit code belong to the file, not to each deployment.
      const { baseline: _, exitMeaning: __, ...own } = entry as DeploymentEntry & { baseline?: unknown; exitMeaning?: unknown };
      deployments.push(own);
    }
  }
  const [first] = reports;
  for (const { path, report } of reports) {
    if (report.mode !== first?.report.mode || report.tags !== first.report.tags) {
      throw new ReportError(
        `${path} is a ${report.mode} run${report.tags ? ` with tags ${report.tags}` : ''}, ${first?.path} a ${first?.report.mode} run${first?.report.tags ? ` with tags ${first.report.tags}` : ''}: not runs of one fleet`,
      );
    }
  }
  const fleet = fleetOf(deployments, {
    mode: first?.report.mode ?? 'live',
    ...(first?.report.tags ? { tags: first.report.tags } : {}),
    interrupted: reports.some(({ report }) => report.interrupted),
  });
  const comparisons = reports.map(({ report }) => report.baseline);
  const comparison = comparisons.every((c) => c !== undefined) ? joined(comparisons as BaselineComparison[]) : undefined;
  // A shard that ended on its comparison rather than on its verdicts was run with --fail-on-change: so is the whole.
  const failOnChange = reports.some(({ report }) => endedOnChange(report));
  const allureResults = (
    await Promise.all(
      paths.map(async (p) => {
        const dir = join(dirname(p), 'allure-results');
        return access(dir).then(
          () => dir,
          () => undefined,
        );
      }),
    )
  ).filter((d) => d !== undefined);
  return { fleet, exitCode: finalExitCode(reportExitCode(fleet), comparison, failOnChange), ...(comparison ? { comparison } : {}), allureResults };
}

/**
 * Whether a run's exit code was its baseline comparison's, which only `--fail-on-change`
 * makes it: 5 for a behaviour change, or 4 for coverage lost alone where its verdicts
 * said 0. (A run whose verdicts said 4 ends 4 either way, and so does the merge.)
 */
function endedOnChange(report: Report): boolean {
  if (report.exitCode === EXIT.changed) return true;
  return report.exitCode === EXIT.notVerified && reportExitCode(report) === EXIT.conformant && (report.baseline?.coverageLost.length ?? 0) > 0;
}

function joined(comparisons: readonly BaselineComparison[]): BaselineComparison {
  const [first] = comparisons as [BaselineComparison];
  // In deployment order, as one run over them all lists them; within a deployment, as its shard did.
  const all = <T extends { deployment?: string }>(of: (c: BaselineComparison) => readonly T[]): T[] =>
    comparisons.flatMap(of).sort((a, b) => byName(a.deployment ?? '', b.deployment ?? ''));
  return {
    baseline: first.baseline,
    changed: comparisons.some((c) => c.changed),
    // A shard's report of an older version says only that something changed: taken as behaviour.
    behaviourChanged: comparisons.some((c) => c.behaviourChanged ?? c.changed),
    coverageLost: comparisons.flatMap((c) => c.coverageLost ?? []),
    deployments: {
      new: comparisons.flatMap((c) => c.deployments.new).sort(byName),
      gone: [...new Set(comparisons.flatMap((c) => c.deployments.gone))].sort(byName),
    },
    clauses: all((c) => c.clauses),
    observations: all((c) => c.observations),
  };
}
