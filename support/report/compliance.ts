import type { Clause, Level, LiveVerification } from '../clauses.ts';
import type { Observation } from '../harness/verify.ts';
import { systemKeys, systems, type SystemKey } from '../systems/index.ts';
import { clauseFingerprint, scenarioFingerprint } from './fingerprint.ts';
import type { Outcome, ScenarioResult } from './results.ts';

/**
 * One status per clause and run, computed once here and read by every report.
 * - `passed`: every scenario of it that ran passed, and at least one ran;
 * - `failed`: a scenario (or a clean-up) showed the target breaking the rule;
 * - `broken`: a scenario could not tell (target unreachable or unreadable, or a harness fault);
 * - `not-verified`: no scenario of it could run in this mode or with this targets file, or,
 *   for a clause that can never be verified live, its deciding scenario could not;
 * - `out-of-scope`: its system is not a target, or the tag filter selected none of its scenarios;
 * - `not-covered`: no scenario exists (a catalog defect; `npm test` forbids it).
 * An assumption reads the same; whether what it assumes held is `held`.
 */
export type ClauseStatus = 'passed' | 'failed' | 'broken' | 'not-verified' | 'out-of-scope' | 'not-covered';
export const CLAUSE_STATUSES: readonly ClauseStatus[] = ['passed', 'failed', 'broken', 'not-verified', 'out-of-scope', 'not-covered'];

/** `conformant` only when every MUST clause in scope passed; never for what was not checked. */
export type Verdict = 'conformant' | 'nonconformant' | 'broken' | 'not-verified' | 'out-of-scope';

export interface ScenarioEntry {
  readonly name: string;
  readonly location: string;
  readonly outcome: Outcome;
  readonly error?: string;
  readonly reason?: string;
  /** What its checks saw, in order: what a baseline compares. */
  readonly observations: readonly Observation[];
  /** Of its outcome, observations and clean-up findings, with nothing time- or id-dependent: equal when the target behaved the same. */
  readonly fingerprint: string;
}

export interface CleanupEntry {
  readonly scenario: string;
  readonly label: string;
  readonly kind: 'nonconformance' | 'left-open';
  readonly clause?: string;
  readonly message: string;
}

export interface ClauseEntry {
  readonly id: string;
  readonly title: string;
  readonly level: Level;
  readonly source: Clause['source'];
  readonly live: LiveVerification;
  readonly status: ClauseStatus;
  /** Why it is not verified, out of scope or broken; for a partial pass, what did not run. */
  readonly reason?: string;
  /** Scenarios that ran, of those in scope. */
  readonly ran: { readonly scenarios: number; readonly of: number };
  /** Assumptions that ran: whether every observation held. */
  readonly held?: boolean;
  readonly scenarios: readonly ScenarioEntry[];
  /** What the checks saw. */
  readonly observations: readonly Observation[];
  /** Rules broken during clean-ups, counted against this clause. */
  readonly cleanupFindings: readonly CleanupEntry[];
  /** Of its status and its scenarios' fingerprints: equal when the target behaved the same. */
  readonly fingerprint: string;
  /** The claims of its documented lines (Clause.claims), each verified when its scenario ran and passed. */
  readonly claims?: readonly { claim: string; scenario: string; check: string; verified: boolean; simulatorOnly?: string }[];
}

export interface SystemEntry {
  readonly key: SystemKey;
  readonly title: string;
  readonly baseUrl?: string;
  readonly verdict: Verdict;
  /** MUST clauses by status: the coverage every report states beside the verdict. */
  readonly must: Readonly<Record<ClauseStatus, readonly string[]>>;
  readonly assumptions: { readonly held: readonly string[]; readonly notHeld: readonly string[]; readonly unchecked: readonly string[] };
  readonly clauses: readonly ClauseEntry[];
  /** What clean-ups could not close: sessions, tickets, seats that may still be open. */
  readonly leftOpen: readonly CleanupEntry[];
}

export interface Compliance {
  /** The targets file's name for the deployment, in a fleet. */
  readonly deployment?: string;
  readonly generatedAt: string;
  readonly mode: string;
  readonly tags?: string;
  readonly interrupted?: boolean;
  readonly systems: readonly SystemEntry[];
  /** Scenarios that failed because of the harness itself (exit code 2). */
  readonly harnessFaults: readonly ScenarioEntry[];
  /** What late answers had opened and the run could not close after the scenarios. */
  readonly afterRun: readonly CleanupEntry[];
}

export interface RunContext {
  readonly mode: string;
  readonly baseUrls: Partial<Record<SystemKey, string>>;
  readonly tags?: string;
  readonly interrupted?: boolean;
  readonly afterRun?: readonly { readonly label: string; readonly kind: CleanupEntry['kind']; readonly clause?: string; readonly message: string }[];
  readonly now?: Date;
}

const ALWAYS: LiveVerification = { runs: 'always' };

const entryOf = (r: ScenarioResult): ScenarioEntry => ({
  name: r.name,
  location: r.location,
  outcome: r.outcome,
  ...(r.error ? { error: r.error.message } : {}),
  ...(r.notRun ? { reason: r.notRun.reason } : {}),
  observations: r.observations,
  fingerprint: scenarioFingerprint(r),
});

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

function clauseEntry(clause: Clause, mine: readonly ScenarioResult[], findings: readonly CleanupEntry[], live: boolean): ClauseEntry {
  const inScope = mine.filter((r) => r.outcome !== 'out-of-scope');
  const ran = inScope.filter((r) => r.outcome !== 'not-verified');
  const has = (o: Outcome) => inScope.some((r) => r.outcome === o);
  const reasons = (rs: readonly ScenarioResult[]) => unique(rs.flatMap((r) => r.notRun?.reason ?? [])).join('; ');
  const verification = clause.live ?? ALWAYS;
  let status: ClauseStatus;
  let reason: string | undefined;
  if (mine.length === 0) status = 'not-covered';
  else if (has('failed') || findings.length > 0) status = 'failed';
  else if (inScope.length === 0) [status, reason] = ['out-of-scope', reasons(mine)];
  else if (has('broken') || has('harness'))
    [status, reason] = [
      'broken',
      unique(inScope.flatMap((r) => (r.outcome === 'broken' || r.outcome === 'harness' ? (r.error?.message ?? []) : []))).join('; '),
    ];
  // Its deciding check did not run (the tag filter may leave it out on purpose: then what ran is what was asked).
  // What did run live is named: the part of the clause a live run could show.
  else if (live && verification.runs === 'never' && has('not-verified'))
    [status, reason] = [
      'not-verified',
      `not verified live: ${verification.why}${ran.length ? `; ran live and passed: ${unique(ran.map((r) => r.name)).join('; ')}` : ''}`,
    ];
  else if (ran.length === 0) [status, reason] = ['not-verified', reasons(inScope)];
  else {
    status = 'passed';
    const skipped = inScope.filter((r) => r.outcome === 'not-verified');
    if (skipped.length) reason = `${ran.length} of ${inScope.length} scenarios ran; not run: ${reasons(skipped)}`;
  }
  const observations = ran.flatMap((r) => r.observations);
  const held = clause.level === 'ASSUMPTION' && status === 'passed' ? observations.every((o) => o.held) : undefined;
  const scenarios = mine.map(entryOf);
  return {
    id: clause.id,
    title: clause.title,
    level: clause.level,
    source: clause.source,
    live: verification,
    status,
    ...(reason ? { reason } : {}),
    ran: { scenarios: ran.length, of: inScope.length },
    ...(held !== undefined ? { held } : {}),
    scenarios,
    observations,
    cleanupFindings: findings,
    fingerprint: clauseFingerprint(status, held, scenarios, findings),
    ...(clause.claims?.length
      ? {
          claims: clause.claims.map(({ claim, scenario, check, simulatorOnly }) => ({
            claim,
            scenario,
            check,
            verified: mine.some((r) => r.name === scenario && r.outcome === 'passed'),
            ...(simulatorOnly ? { simulatorOnly } : {}),
          })),
        }
      : {}),
  };
}

function verdictOf(must: readonly ClauseEntry[]): Verdict {
  const inScope = must.filter((c) => c.status !== 'out-of-scope');
  if (inScope.length === 0) return 'out-of-scope';
  if (inScope.some((c) => c.status === 'failed')) return 'nonconformant';
  if (inScope.some((c) => c.status === 'broken')) return 'broken';
  if (inScope.some((c) => c.status !== 'passed')) return 'not-verified';
  return 'conformant';
}

/** Clause statuses and system verdicts from one run's scenario results. */
export function buildCompliance(results: readonly ScenarioResult[], context: RunContext): Compliance {
  const live = context.mode === 'live';
  return {
    generatedAt: (context.now ?? new Date()).toISOString(),
    mode: context.mode,
    ...(context.tags ? { tags: context.tags } : {}),
    ...(context.interrupted ? { interrupted: true } : {}),
    harnessFaults: results.filter((r) => r.outcome === 'harness').map(entryOf),
    afterRun: (context.afterRun ?? []).map((p) => ({ scenario: 'after the run', ...p })),
    systems: systemKeys.map((key): SystemEntry => {
      const mine = results.filter((r) => r.system === key);
      const cleanup = mine.flatMap((r) => r.cleanup.map((p): CleanupEntry => ({ scenario: r.location, ...p })));
      const catalog: readonly Clause[] = systems[key].clauses;
      const clauses = catalog.map((c) =>
        clauseEntry(
          c,
          mine.filter((r) => r.clauses.includes(c.id)),
          cleanup.filter((p) => p.kind === 'nonconformance' && p.clause === c.id),
          live,
        ),
      );
      const must = clauses.filter((c) => c.level === 'MUST');
      const assumed = clauses.filter((c) => c.level === 'ASSUMPTION');
      const baseUrl = context.baseUrls[key];
      return {
        key,
        title: systems[key].title,
        ...(baseUrl ? { baseUrl } : {}),
        verdict: verdictOf(must),
        must: Object.fromEntries(CLAUSE_STATUSES.map((s) => [s, must.filter((c) => c.status === s).map((c) => c.id)])) as Record<ClauseStatus, string[]>,
        assumptions: {
          held: assumed.filter((c) => c.held === true).map((c) => c.id),
          notHeld: assumed.filter((c) => c.held === false).map((c) => c.id),
          unchecked: assumed.filter((c) => c.held === undefined && c.status !== 'out-of-scope').map((c) => c.id),
        },
        clauses,
        // A clean-up finding without a clause of this catalog is still something to look at.
        leftOpen: cleanup.filter((p) => p.kind === 'left-open' || !catalog.some((c) => c.id === p.clause)),
      };
    }),
  };
}
