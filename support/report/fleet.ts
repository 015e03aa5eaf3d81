import type { BaselineComparison } from './baseline.ts';
import { EXIT, exitCodeOf, type Compliance, type ExitCode, type SystemEntry } from './compliance.ts';

/** One deployment of a fleet: its own verdicts, and its own exit code (a deployment that could not start has no verdicts). */
export interface DeploymentEntry extends Compliance {
  readonly deployment: string;
  readonly exitCode: ExitCode;
  /** Why it could not run at all (unreachable before any scenario): then `systems` is empty. */
  readonly problem?: string;
}

/** A run, or a merge of runs, over several deployments of one targets file. */
export interface FleetCompliance {
  readonly generatedAt: string;
  readonly mode: string;
  readonly tags?: string;
  readonly interrupted?: boolean;
  /** By name. */
  readonly deployments: readonly DeploymentEntry[];
}

/** What compliance.json holds: one deployment's verdicts, or a fleet's; with the comparison when there was a baseline. */
export type Report = (Compliance | FleetCompliance) & { readonly baseline?: BaselineComparison; readonly exitCode?: ExitCode };

export const isFleet = (report: Compliance | FleetCompliance): report is FleetCompliance => 'deployments' in report;

/** Every deployment's verdicts; a single run is one unnamed deployment. */
export const deploymentsOf = (report: Compliance | FleetCompliance): readonly Compliance[] => (isFleet(report) ? report.deployments : [report]);

// Worst first: a nonconformance anywhere outranks that another deployment could not be read.
const SEVERITY: readonly ExitCode[] = [EXIT.nonconformant, EXIT.couldNotRun, EXIT.broken, EXIT.notVerified, EXIT.conformant];

/** The worst of several exit codes, as a fleet's: a pipeline stops on what matters most anywhere in it. */
export const worstOf = (codes: readonly ExitCode[]): ExitCode =>
  codes.length === 0 ? EXIT.couldNotRun : (SEVERITY.find((c) => codes.includes(c)) ?? EXIT.couldNotRun);

/** The verdicts' exit code, over every deployment of a fleet. */
export const reportExitCode = (report: Compliance | FleetCompliance): ExitCode =>
  isFleet(report) ? worstOf(report.deployments.map((d) => d.exitCode)) : exitCodeOf(report);

/**
 * The exit code with the baseline taken into account: with `--fail-on-change`, a
 * change turns "conformant" and "not verified" into `EXIT.changed` — a live run is
 * mostly not verified, and a pipeline that lets that pass must still stop on drift.
 * Anything worse keeps its own code.
 */
export function finalExitCode(verdicts: ExitCode, comparison: BaselineComparison | undefined, failOnChange: boolean): ExitCode {
  if (!failOnChange || !comparison?.changed) return verdicts;
  return verdicts === EXIT.conformant || verdicts === EXIT.notVerified ? EXIT.changed : verdicts;
}

/** Deployment names in one order everywhere (code units: the same on every machine, whatever its locale). */
export const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A fleet from its deployments' verdicts, in name order whatever order they finished or were merged in. */
export function fleetOf(deployments: readonly DeploymentEntry[], context: { mode: string; tags?: string; interrupted?: boolean; now?: Date }): FleetCompliance {
  return {
    generatedAt: (context.now ?? new Date()).toISOString(),
    mode: context.mode,
    ...(context.tags ? { tags: context.tags } : {}),
    ...(context.interrupted ? { interrupted: true } : {}),
    deployments: [...deployments].sort((a, b) => byName(a.deployment, b.deployment)),
  };
}

/** A matrix cell: the verdict and how many MUST clauses in scope passed. */
export function cellOf(system: SystemEntry | undefined): string {
  if (!system || system.verdict === 'out-of-scope') return 'out of scope';
  const inScope = Object.entries(system.must)
    .filter(([status]) => status !== 'out-of-scope')
    .reduce((n, [, ids]) => n + ids.length, 0);
  return `${system.verdict} (MUST ${system.must.passed.length}/${inScope})`;
}

/** The deployments × systems matrix, as rows of cells: the first row names the systems. */
export function matrixOf(fleet: FleetCompliance): string[][] {
  const systems = [...new Map(fleet.deployments.flatMap((d) => d.systems.map((s) => [s.key, s.title] as const))).entries()];
  return [
    ['deployment', ...systems.map(([, title]) => title)],
    ...fleet.deployments.map((d) => [
      d.deployment,
      ...(d.problem ? systems.map(() => `could not run: ${d.problem}`) : systems.map(([key]) => cellOf(d.systems.find((s) => s.key === key)))),
    ]),
  ];
}

/**
 * Deployments a CI job takes: the named ones (all when none are named), then, with a
 * shard `i/n`, every n-th by name from the i-th — so each deployment is in exactly
 * one shard, whatever order the targets file lists them in.
 */
export function selectDeployments(
  names: readonly string[],
  options: { deployments?: readonly string[]; shard?: string },
): { selected: string[]; unknown: string[] } {
  const unknown = (options.deployments ?? []).filter((n) => !names.includes(n));
  const chosen = options.deployments ? names.filter((n) => options.deployments?.includes(n)) : [...names];
  if (!options.shard) return { selected: chosen, unknown };
  const [index, total] = options.shard.split('/').map(Number) as [number, number];
  return { selected: [...chosen].sort(byName).filter((_, i) => i % total === index - 1), unknown };
}
