import { EXIT, exitCodeOf, type ClauseEntry, type Compliance, type ExitCode, type SystemEntry } from './compliance.ts';

/** What each exit code means, in the words the README and `--help` use. */
export const EXIT_MEANING: Readonly<Record<ExitCode, string>> = {
  [EXIT.conformant]: 'every system in scope is conformant',
  [EXIT.nonconformant]: 'a nonconformance: a target broke a documented rule',
  [EXIT.couldNotRun]: 'the harness could not run (usage, targets file, harness defect, nothing selected)',
  [EXIT.broken]: 'broken: a target could not be reached or read; nothing was shown to break a rule',
  [EXIT.notVerified]: 'not verified: nothing failed or broke, but some MUST clause in scope was not checked',
  [EXIT.changed]: 'behaviour changed against the baseline',
  [EXIT.interrupted]: 'interrupted (SIGINT)',
  [EXIT.terminated]: 'terminated (SIGTERM)',
};

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

/** The short table printed at the end of every run, and the exit code's meaning. */
export function toSummary(compliance: Compliance): string {
  const lines = ['', `Conformance (${compliance.mode}${compliance.tags ? `, tags: ${compliance.tags}` : ''}${compliance.interrupted ? ', INTERRUPTED' : ''}):`];
  for (const s of compliance.systems) {
    if (s.verdict === 'out-of-scope') {
      lines.push(`  ${s.title.padEnd(22)} out of scope   ${s.clauses.find((c) => c.level === 'MUST')?.reason ?? 'no MUST clause selected'}`);
      continue;
    }
    lines.push(`  ${s.title.padEnd(22)} ${s.verdict.padEnd(14)} ${coverage(s)}; ${assumptions(s)}`);
    for (const c of s.clauses.filter((c) => c.level === 'MUST' && (c.status === 'failed' || c.status === 'broken'))) {
      const finding = c.scenarios.find((sc) => sc.outcome === 'failed' || sc.outcome === 'broken' || sc.outcome === 'harness');
      const cleanup = c.cleanupFindings[0];
      const what = finding ? `${finding.error ?? ''} (${finding.location})` : cleanup ? `during clean-up: ${cleanup.message} (${cleanup.scenario})` : (c.reason ?? '');
      lines.push(`    ${c.id} ${c.status === 'failed' ? 'FAILED' : 'broken'}: ${what}`);
    }
    for (const open of s.leftOpen) lines.push(`    left open: ${open.label}: ${open.message} (${open.scenario})`);
  }
  for (const fault of compliance.harnessFaults) lines.push(`  harness fault: ${fault.error ?? 'failed'} (${fault.location})`);
  for (const open of compliance.afterRun) lines.push(`  left open after the run: ${open.label}: ${open.message}`);
  const code = exitCodeOf(compliance);
  lines.push(`Exit ${code}: ${EXIT_MEANING[code]}.`);
  return `${lines.join('\n')}\n`;
}
