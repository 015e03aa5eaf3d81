import { readFile } from 'node:fs/promises';
import type { Compliance, SystemEntry } from './compliance.ts';
import type { ExitCode } from './exit-codes.ts';

// The compliance.json document: its shape (one deployment's verdicts or a fleet's,
// with the baseline comparison), its one reader, and the views every consumer of it
// shares (the deployments × systems matrix). Baselines, merge and the site read
// reports through this module only.

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

/**
 * What a change says: `behaviour`, the deployment answered differently (a status, or
 * something a check saw, differs); `coverage`, only what was verified differs (verified
 * then and not now, or the reverse), with nothing seen to differ.
 */
export type ChangeKind = 'behaviour' | 'coverage';

/** A clause whose status (or, for an assumption, whether it held) differs, or that only one run has. */
export interface ClauseChange {
  readonly deployment?: string;
  readonly system: string;
  readonly clause: string;
  readonly change: 'status' | 'new' | 'gone';
  readonly kind: ChangeKind;
  readonly from?: string;
  readonly to?: string;
}

/** One check of one scenario that saw something else, or ran in only one of the runs; `outcome` when the scenario's own outcome changed. */
export interface ObservationChange {
  readonly deployment?: string;
  readonly system: string;
  readonly clauses: readonly string[];
  readonly scenario: string;
  readonly location: string;
  readonly check: string;
  readonly kind: ChangeKind;
  readonly from?: { readonly observed: string; readonly held: boolean };
  readonly to?: { readonly observed: string; readonly held: boolean };
}

export interface BaselineComparison {
  readonly baseline: { readonly path: string; readonly generatedAt: string };
  /** Any change at all, behaviour or coverage. */
  readonly changed: boolean;
  /** A change in behaviour: what `--fail-on-change` ends the run on with exit 5. */
  readonly behaviourChanged: boolean;
  /** Clauses verified in the baseline and not now (`deployment clause` in a fleet), and deployments gone: exit 4 with `--fail-on-change` when nothing else changed. */
  readonly coverageLost: readonly string[];
  readonly deployments: { readonly new: readonly string[]; readonly gone: readonly string[] };
  readonly clauses: readonly ClauseChange[];
  readonly observations: readonly ObservationChange[];
}

/** A compliance.json that cannot be read (a baseline, or a file to merge): the command cannot start (exit code 2). */
export class ReportError extends Error {}

/** Reads a compliance.json this harness wrote, checked against its schema; `label` heads the one-line message on any problem. */
export async function readReport(path: string, label: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ReportError(
      `${label}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a compliance.json' : code === 'EACCES' ? 'not readable (permission denied)' : (err as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ReportError(`${label}: not JSON, so not a compliance.json`);
  }
  const { Ajv } = await import('ajv');
  const schema = JSON.parse(await readFile(new URL('./compliance.schema.json', import.meta.url), 'utf8')) as object;
  const validate = new Ajv({ allErrors: false, strict: false, validateFormats: false }).compile(schema);
  if (!validate(value)) {
    const e = validate.errors?.[0];
    throw new ReportError(`${label}: not a compliance.json of this harness (${e ? `${e.instancePath || 'top level'} ${e.message ?? e.keyword}` : 'schema'})`);
  }
  return value as Report;
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
