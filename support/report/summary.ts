import { changeCount, changeLines } from './baseline.ts';
import type { ClauseEntry, Compliance, SystemEntry } from './compliance.ts';
import { matrixOf, type BaselineComparison, type FleetCompliance } from './document.ts';
import { EXIT_MEANING, exitCodeOf, reportExitCode, type ExitCode } from './exit-codes.ts';

/** Clause ids grouped by the reason they share, e.g. `ACU-4, ACU-6 (needs the simulator's controls)`. */
export function byReason(clauses: readonly ClauseEntry[]): string {
  const groups = new Map<string, string[]>();
  for (const c of clauses) groups.set(c.reason ?? '', [...(groups.get(c.reason ?? '') ?? []), c.id]);
  return [...groups].map(([reason, ids]) => `${ids.join(', ')}${reason ? ` (${reason})` : ''}`).join('; ');
}

/** "MUST 3 passed, 0 failed, 0 broken, 4 not verified (…)": the coverage beside every verdict. */
export function coverage(s: SystemEntry): string {
  const n = (status: keyof SystemEntry['must']) => s.must[status].length;
  const notVerified = s.clauses.filter((c) => c.level === 'MUST' && c.status === 'not-verified');
  const outOfScope = n('out-of-scope') ? `, ${n('out-of-scope')} out of scope` : '';
  const notCovered = n('not-covered') ? `, ${n('not-covered')} NOT COVERED` : '';
  return `MUST ${n('passed')} passed, ${n('failed')} failed, ${n('broken')} broken, ${n('not-verified')} not verified${notVerified.length ? ` (${byReason(notVerified)})` : ''}${outOfScope}${notCovered}`;
}

const assumptions = (s: SystemEntry): string => {
  const { held, notHeld } = s.assumptions;
  const checked = held.length + notHeld.length;
  return checked === 0 ? 'no assumption checked' : `assumptions ${held.length}/${checked} held${notHeld.length ? ` (not held: ${notHeld.join(', ')})` : ''}`;
};

/** What the run adds beside its verdicts: the exit code it ends with, and the comparison with a baseline. */
export interface Ending {
  readonly exitCode?: ExitCode;
  readonly comparison?: BaselineComparison;
}

function systemLines(compliance: Compliance, indent = '  '): string[] {
  const lines: string[] = [];
  for (const s of compliance.systems) {
    if (s.verdict === 'out-of-scope') {
      lines.push(`${indent}${s.title.padEnd(22)} out of scope   ${s.clauses.find((c) => c.level === 'MUST')?.reason ?? 'no MUST clause selected'}`);
      continue;
    }
    lines.push(`${indent}${s.title.padEnd(22)} ${s.verdict.padEnd(14)} ${coverage(s)}; ${assumptions(s)}`);
    for (const c of s.clauses.filter((c) => c.level === 'MUST' && (c.status === 'failed' || c.status === 'broken'))) {
      const finding = c.scenarios.find((sc) => sc.outcome === 'failed' || sc.outcome === 'broken' || sc.outcome === 'harness');
      const cleanup = c.cleanupFindings[0];
      const what = finding
        ? `${finding.error ?? ''} (${finding.location})`
        : cleanup
          ? `during clean-up: ${cleanup.message} (${cleanup.scenario})`
          : (c.reason ?? '');
      lines.push(`${indent}  ${c.id} ${c.status === 'failed' ? 'FAILED' : 'broken'}: ${what}`);
    }
    for (const open of s.leftOpen) lines.push(`${indent}  left open: ${open.label}: ${open.message} (${open.scenario})`);
  }
  for (const fault of compliance.harnessFaults) lines.push(`${indent}harness fault: ${fault.error ?? 'failed'} (${fault.location})`);
  for (const open of compliance.afterRun) lines.push(`${indent}left open after the run: ${open.label}: ${open.message}`);
  return lines;
}

function endingLines(code: ExitCode, comparison: BaselineComparison | undefined): string[] {
  const changes = comparison ? changeLines(comparison) : [];
  return [
    ...(comparison
      ? [
          `Against the baseline ${comparison.baseline.path} (run of ${comparison.baseline.generatedAt}): ${changeCount(comparison)}`,
          ...changes.map((l) => `  ${l}`),
          ...(comparison.coverageLost.length && !comparison.behaviourChanged
            ? [`Coverage lost, no behaviour changed: verified in the baseline, not in this run: ${comparison.coverageLost.join(', ')}`]
            : []),
        ]
      : []),
    `Exit ${code}: ${EXIT_MEANING[code]}.`,
  ];
}

const heading = (report: { mode: string; tags?: string; interrupted?: boolean }): string =>
  `${report.mode}${report.tags ? `, tags: ${report.tags}` : ''}${report.interrupted ? ', INTERRUPTED' : ''}`;

/** The short table printed at the end of every run, and the exit code's meaning. */
export function toSummary(compliance: Compliance, ending: Ending = {}): string {
  const lines = [
    '',
    `Conformance (${heading(compliance)}):`,
    ...systemLines(compliance),
    ...endingLines(ending.exitCode ?? exitCodeOf(compliance), ending.comparison),
  ];
  return `${lines.join('\n')}\n`;
}

/** A fleet's summary: the matrix of deployments by systems, then each deployment's lines. */
export function toFleetSummary(fleet: FleetCompliance, ending: Ending = {}): string {
  const rows = matrixOf(fleet);
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = ['', `Fleet conformance (${heading(fleet)}), ${fleet.deployments.length} deployment${fleet.deployments.length === 1 ? '' : 's'}:`];
  for (const row of rows)
    lines.push(
      `  ${row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}`,
    );
  for (const d of fleet.deployments) {
    lines.push(`Deployment ${d.deployment}: exit ${d.exitCode}${d.problem ? `, could not run: ${d.problem}` : ''}`);
    lines.push(...systemLines(d, '  '));
  }
  lines.push(...endingLines(ending.exitCode ?? reportExitCode(fleet), ending.comparison));
  return `${lines.join('\n')}\n`;
}
