import type { Clause, Level } from '../clauses.ts';
import type { Observation } from '../harness/verify.ts';
import type { ScenarioResult } from '../run/results.ts';
import { systemKeys, systems, type SystemKey } from '../systems/index.ts';

export type Verdict = 'conformant' | 'nonconformant' | 'not-run';
export type ClauseStatus = 'passed' | 'failed' | 'skipped' | 'not-covered';
/** Why a scenario failed: the target broke a rule, the target could not be talked to, or the harness itself failed. */
export type FailureCause = 'nonconformance' | 'broken' | 'harness';

export interface ScenarioEntry {
  readonly name: string;
  readonly location: string;
  readonly status: ScenarioResult['status'];
  readonly cause?: FailureCause;
  readonly error?: string;
  readonly skipReason?: string;
}

export interface ClauseEntry {
  readonly id: string;
  readonly title: string;
  readonly level: Level;
  readonly source: Clause['source'];
  readonly status: ClauseStatus;
  readonly reason?: string;
  readonly scenarios: readonly ScenarioEntry[];
  /** For assumptions: what was observed, and whether the assumed default held. */
  readonly observations?: readonly Observation[];
}

export interface SystemEntry {
  readonly key: SystemKey;
  readonly title: string;
  readonly baseUrl?: string;
  readonly verdict: Verdict;
  readonly clauses: readonly ClauseEntry[];
}

export interface Compliance {
  readonly generatedAt: string;
  readonly mode: string;
  readonly systems: readonly SystemEntry[];
}

/** How a failed scenario's error is classified, by the error's type. */
export function causeOf(result: ScenarioResult): FailureCause | undefined {
  if (result.status !== 'failed') return undefined;
  if (result.error?.type === 'Nonconformance') return 'nonconformance';
  if (result.error?.type === 'TargetError') return 'broken';
  return 'harness';
}

function clauseEntry(clause: Clause, results: readonly ScenarioResult[]): ClauseEntry {
  const mine = results.filter((r) => r.clauses.includes(clause.id));
  const scenarios = mine.map((r): ScenarioEntry => ({
    name: r.name,
    location: r.location,
    status: r.status,
    ...(causeOf(r) ? { cause: causeOf(r) } : {}),
    ...(r.error ? { error: r.error.message } : {}),
    ...(r.skipReason ? { skipReason: r.skipReason } : {}),
  }));
  const ran = mine.filter((r) => r.status !== 'skipped');
  let status: ClauseStatus;
  if (mine.length === 0) status = 'not-covered';
  else if (ran.some((r) => r.status !== 'passed')) status = 'failed';
  else if (ran.length === 0) status = 'skipped';
  else status = 'passed';
  const reasons = [...new Set(mine.flatMap((r) => r.skipReason ?? []))];
  return {
    id: clause.id,
    title: clause.title,
    level: clause.level,
    source: clause.source,
    status,
    ...(status === 'skipped' ? { reason: reasons.join('; ') || 'skipped' } : {}),
    scenarios,
    ...(clause.level === 'ASSUMPTION' ? { observations: mine.flatMap((r) => r.observations) } : {}),
  };
}

/** Verdicts per system and clause from one run's scenario results. */
export function buildCompliance(results: readonly ScenarioResult[], context: { mode: string; baseUrls: Partial<Record<SystemKey, string>>; now?: Date }): Compliance {
  const bySystem = (key: SystemKey) => results.filter((r) => r.tags.includes(`@${key}`));
  return {
    generatedAt: (context.now ?? new Date()).toISOString(),
    mode: context.mode,
    systems: systemKeys.map((key): SystemEntry => {
      const catalog: readonly Clause[] = systems[key].clauses;
      const clauses = catalog.map((c) => clauseEntry(c, bySystem(key)));
      const must = clauses.filter((c) => c.level === 'MUST');
      const ran = bySystem(key).some((r) => r.status !== 'skipped');
      const verdict: Verdict = !ran ? 'not-run' : must.some((c) => c.status === 'failed' || c.status === 'not-covered') ? 'nonconformant' : 'conformant';
      const baseUrl = context.baseUrls[key];
      return { key, title: systems[key].title, ...(baseUrl ? { baseUrl } : {}), verdict, clauses };
    }),
  };
}

/** 0 every system run is conformant; 1 any nonconformance; 2 the harness could not run (a harness error in any scenario, or nothing ran). */
export function exitCodeOf(compliance: Compliance): 0 | 1 | 2 {
  const scenarios = compliance.systems.flatMap((s) => s.clauses.flatMap((c) => c.scenarios));
  if (scenarios.some((s) => s.cause === 'harness')) return 2;
  if (compliance.systems.every((s) => s.verdict === 'not-run')) return 2;
  return compliance.systems.some((s) => s.verdict === 'nonconformant') ? 1 : 0;
}

const MARK: Record<ClauseStatus, string> = { passed: 'pass', failed: 'FAIL', skipped: 'skip', 'not-covered': 'none' };

const observed = (c: ClauseEntry): string => {
  const seen = c.observations ?? [];
  if (seen.length === 0) return '';
  const missed = seen.filter((o) => !o.held);
  return missed.length === 0 ? 'held' : `not held: ${missed.map((o) => `${o.check} observed ${o.observed} (assumed ${o.expected})`).join('; ')}`;
};

/** The matrix and clause tables a QA lead reads. */
export function toMarkdown(compliance: Compliance): string {
  const cellOf = (s: SystemEntry, id: string) => {
    const clause = s.clauses.find((c) => c.id.replace(/^[A-Z]+-/, '') === id);
    return clause ? MARK[clause.status] : '';
  };
  const columns = [...new Set(compliance.systems.flatMap((s) => s.clauses.map((c) => c.id.replace(/^[A-Z]+-/, ''))))]
    .sort((a, b) => Number(a.startsWith('A')) - Number(b.startsWith('A')) || a.localeCompare(b, 'en', { numeric: true }));
  const out = [
    '# Logout conformance',
    '',
    `Run of ${compliance.generatedAt}, ${compliance.mode} targets. Clauses 1, 2, … are MUST clauses (documented); A1, A2, … are assumptions (reported, never failing).`,
    '',
    `| system | verdict | ${columns.join(' | ')} |`,
    `| --- | --- | ${columns.map(() => '---').join(' | ')} |`,
    ...compliance.systems.map((s) => `| ${s.title} | **${s.verdict}** | ${columns.map((c) => cellOf(s, c)).join(' | ')} |`),
  ];
  for (const s of compliance.systems) {
    out.push('', `## ${s.title}: ${s.verdict}`, '', s.baseUrl ? `Target: ${s.baseUrl}` : 'Target: none', '', '| clause | level | status | title | notes |', '| --- | --- | --- | --- | --- |');
    for (const c of s.clauses) {
      const failures = c.scenarios.filter((sc) => sc.status === 'failed').map((sc) => `${sc.cause}: ${sc.error ?? ''} (${sc.location})`);
      const notes = [c.reason, observed(c), ...failures].filter(Boolean).join('; ').replaceAll('|', '\\|');
      out.push(`| ${c.id} | ${c.level} | ${c.status} | ${c.title} | ${notes} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** The short table printed at the end of every run. */
export function toSummary(compliance: Compliance): string {
  const lines = ['', 'Conformance:'];
  for (const s of compliance.systems) {
    const count = (level: Level, status: ClauseStatus) => s.clauses.filter((c) => c.level === level && c.status === status).length;
    const must = `MUST ${count('MUST', 'passed')} passed, ${count('MUST', 'failed')} failed, ${count('MUST', 'skipped')} skipped, ${count('MUST', 'not-covered')} not covered`;
    const assumed = s.clauses.filter((c) => c.level === 'ASSUMPTION');
    const held = assumed.filter((c) => observed(c) === 'held').length;
    lines.push(`  ${s.title.padEnd(22)} ${s.verdict.padEnd(14)} ${must}; assumptions ${held}/${assumed.length} held`);
    for (const c of s.clauses.filter((c) => c.status === 'failed')) {
      const first = c.scenarios.find((sc) => sc.status === 'failed');
      lines.push(`    ${c.id} ${c.level === 'MUST' ? 'FAILED' : 'failed (assumption)'}: ${first?.cause}: ${first?.error ?? ''}`);
    }
  }
  const reasons = new Map<string, number>();
  for (const c of compliance.systems.flatMap((s) => s.clauses)) for (const sc of c.scenarios) if (sc.skipReason) reasons.set(sc.skipReason, (reasons.get(sc.skipReason) ?? 0) + 1);
  if (reasons.size) {
    lines.push('  Skipped:');
    for (const [reason, n] of reasons) lines.push(`    ${n} scenario(s): ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}
