import type { Observation } from '../harness/verify.ts';
import type { ClauseEntry, Compliance, ScenarioEntry } from './compliance.ts';
import { normaliseObservation } from './fingerprint.ts';
import { deploymentsOf, readReport, type BaselineComparison, type ChangeKind, type ClauseChange, type ObservationChange, type Report } from './document.ts';

/** The check name of a change in a scenario's own outcome. */
export const OUTCOME = 'outcome';

/** Reads and checks an earlier run's compliance.json (one line on any problem, never the file's text). */
export async function readBaseline(path: string): Promise<{ path: string; report: Report }> {
  return { path, report: await readReport(path, `baseline ${path}`) };
}

const statusText = (c: ClauseEntry): string => (c.held === undefined ? c.status : `${c.status}, ${c.held ? 'held' : 'not held'}`);

/** Statuses and outcomes that say the clause or scenario was verified (ran, and showed something). */
const VERIFIED = new Set(['passed', 'failed']);
/** Statuses and outcomes that say it was not looked at. */
const UNVERIFIED = new Set(['not-verified', 'out-of-scope']);
const statusOf = (text: string | undefined): string | undefined => text?.split(',')[0];

/**
 * A clause's change: coverage when it was verified in one run and not looked at in the
 * other (or not looked at in either), behaviour otherwise (passed ↔ failed, held ↔ not
 * held, anything to or from broken). A clause only one run has is coverage.
 */
function clauseKind(change: ClauseChange['change'], from: string | undefined, to: string | undefined): ChangeKind {
  if (change !== 'status') return 'coverage';
  const [a, b] = [statusOf(from) ?? '', statusOf(to) ?? ''];
  const coverage = (VERIFIED.has(a) && UNVERIFIED.has(b)) || (UNVERIFIED.has(a) && VERIFIED.has(b)) || (UNVERIFIED.has(a) && UNVERIFIED.has(b));
  return coverage ? 'coverage' : 'behaviour';
}

/** An observation's change: behaviour when both runs saw the check and saw different things (or both ran the scenario to different outcomes). */
function observationKind(check: string, from: { observed: string } | undefined, to: { observed: string } | undefined): ChangeKind {
  if (!from || !to) return 'coverage';
  if (check === OUTCOME && (UNVERIFIED.has(from.observed) || UNVERIFIED.has(to.observed))) return 'coverage';
  return 'behaviour';
}

/** Per check name, its n-th observation in the scenario: a scenario may make the same check more than once. */
function keyed(observations: readonly Observation[]): Map<string, Observation> {
  const seen = new Map<string, number>();
  const out = new Map<string, Observation>();
  for (const o of observations.map(normaliseObservation)) {
    const n = (seen.get(o.check) ?? 0) + 1;
    seen.set(o.check, n);
    out.set(n === 1 ? o.check : `${o.check} (#${n})`, o);
  }
  return out;
}

function compareDeployment(deployment: string | undefined, was: Compliance, now: Compliance, clauses: ClauseChange[], observations: ObservationChange[]): void {
  const named = deployment === undefined ? {} : { deployment };
  for (const system of now.systems) {
    const old = was.systems.find((s) => s.key === system.key);
    const oldClauses = new Map((old?.clauses ?? []).map((c) => [c.id, c]));
    for (const c of system.clauses) {
      const before = oldClauses.get(c.id);
      if (!before) clauses.push({ ...named, system: system.key, clause: c.id, change: 'new', kind: 'coverage', to: statusText(c) });
      else if (statusText(before) !== statusText(c)) {
        const [from, to] = [statusText(before), statusText(c)];
        clauses.push({ ...named, system: system.key, clause: c.id, change: 'status', kind: clauseKind('status', from, to), from, to });
      }
    }
    for (const c of old?.clauses ?? [])
      if (!system.clauses.some((x) => x.id === c.id))
        clauses.push({ ...named, system: system.key, clause: c.id, change: 'gone', kind: 'coverage', from: statusText(c) });

    // A scenario may serve several clauses: compared once, naming them all.
    const scenariosOf = (cs: readonly ClauseEntry[]) => {
      const out = new Map<string, { scenario: ScenarioEntry; clauses: string[] }>();
      for (const c of cs) for (const s of c.scenarios) out.set(s.location, { scenario: s, clauses: [...(out.get(s.location)?.clauses ?? []), c.id] });
      return out;
    };
    const before = scenariosOf(old?.clauses ?? []);
    const after = scenariosOf(system.clauses);
    for (const location of new Set([...before.keys(), ...after.keys()])) {
      const b = before.get(location);
      const a = after.get(location);
      if (b && a && b.scenario.fingerprint !== undefined && b.scenario.fingerprint === a.scenario.fingerprint) continue;
      const where = { ...named, system: system.key, clauses: (a ?? b)?.clauses ?? [], scenario: (a ?? b)?.scenario.name ?? '', location };
      if (b?.scenario.outcome !== a?.scenario.outcome) {
        const from = b ? { observed: b.scenario.outcome, held: b.scenario.outcome === 'passed' } : undefined;
        const to = a ? { observed: a.scenario.outcome, held: a.scenario.outcome === 'passed' } : undefined;
        observations.push({ ...where, check: OUTCOME, kind: observationKind(OUTCOME, from, to), ...(from ? { from } : {}), ...(to ? { to } : {}) });
      }
      const was = keyed(b?.scenario.observations ?? []);
      const now = keyed(a?.scenario.observations ?? []);
      for (const check of new Set([...was.keys(), ...now.keys()])) {
        const from = was.get(check);
        const to = now.get(check);
        if (from && to && from.observed === to.observed && from.held === to.held) continue;
        observations.push({
          ...where,
          check,
          kind: observationKind(check, from, to),
          ...(from ? { from: { observed: from.observed, held: from.held } } : {}),
          ...(to ? { to: { observed: to.observed, held: to.held } } : {}),
        });
      }
    }
  }
}

/**
 * What changed in behaviour between an earlier run and this one: clause statuses,
 * what each check saw (values as `normalise` leaves them), clauses and deployments
 * only one run has. Deployments are matched by name; a run without deployments
 * compares with one without. `partial`: the run checked only some deployments.
 */
export function compareWithBaseline(baseline: { path: string; report: Report }, current: Report, options: { partial?: boolean } = {}): BaselineComparison {
  const was = new Map(deploymentsOf(baseline.report).map((d) => [d.deployment ?? '', d]));
  const now = new Map(deploymentsOf(current).map((d) => [d.deployment ?? '', d]));
  const clauses: ClauseChange[] = [];
  const observations: ObservationChange[] = [];
  for (const [name, d] of now) {
    const old = was.get(name);
    if (old) compareDeployment(d.deployment, old, d, clauses, observations);
  }
  // A run of some deployments of a fleet (--deployments, --shard) says nothing of the others.
  const deployments = { new: [...now.keys()].filter((n) => !was.has(n)), gone: options.partial ? [] : [...was.keys()].filter((n) => !now.has(n)) };
  // A clause whose coverage changed while a check of it saw something else changed in behaviour too.
  const seenToDiffer = new Set(
    observations.filter((o) => o.kind === 'behaviour').flatMap((o) => o.clauses.map((c) => `${o.deployment ?? ''} ${o.system} ${c}`)),
  );
  const judged = clauses.map((c) =>
    c.kind === 'coverage' && seenToDiffer.has(`${c.deployment ?? ''} ${c.system} ${c.clause}`) ? { ...c, kind: 'behaviour' as const } : c,
  );
  const lost = judged.filter((c) => c.kind === 'coverage' && VERIFIED.has(statusOf(c.from) ?? '') && !VERIFIED.has(statusOf(c.to) ?? ''));
  return {
    baseline: { path: baseline.path, generatedAt: baseline.report.generatedAt },
    changed: clauses.length + observations.length + deployments.new.length + deployments.gone.length > 0,
    behaviourChanged: judged.some((c) => c.kind === 'behaviour') || observations.some((o) => o.kind === 'behaviour'),
    coverageLost: [...lost.map((c) => `${c.deployment ? `${c.deployment} ` : ''}${c.clause}`), ...deployments.gone.map((d) => `deployment ${d}`)],
    deployments,
    clauses: judged,
    observations,
  };
}

const side = (o: { observed: string; held: boolean } | undefined, check: string): string =>
  o ? `${o.observed}${o.held || check === OUTCOME ? '' : ' (not held)'}` : '(not seen)';
const where = (c: { deployment?: string; system: string }): string => (c.deployment ? `${c.deployment} ` : '');

/** The changes as lines, for the console and the Markdown report: behaviour changes first, then coverage changes, each line saying which. */
export function changeLines(comparison: BaselineComparison): string[] {
  const { deployments } = comparison;
  const clause = (c: ClauseChange) =>
    `${c.kind}: ${where(c)}${c.clause}: ${c.change === 'status' ? `${c.from} → ${c.to}` : c.change === 'new' ? `new (${c.to})` : `gone (was ${c.from})`}`;
  const observation = (o: ObservationChange) =>
    `${o.kind}: ${where(o)}${o.clauses.join(', ')} ${o.location} "${o.scenario}": ${o.check}: ${side(o.from, o.check)} → ${side(o.to, o.check)}`;
  const of = (kind: ChangeKind) => [
    ...comparison.clauses.filter((c) => (c.kind ?? 'behaviour') === kind).map(clause),
    ...comparison.observations.filter((o) => (o.kind ?? 'behaviour') === kind).map(observation),
  ];
  return [
    ...of('behaviour'),
    ...deployments.new.map((d) => `coverage: deployment ${d}: new (not in the baseline)`),
    ...deployments.gone.map((d) => `coverage: deployment ${d}: gone (in the baseline, not in this run)`),
    ...of('coverage'),
  ];
}

/** How many changes of each kind, in words: "2 behaviour changes, 1 coverage change" or "no change". */
export function changeCount(comparison: BaselineComparison): string {
  const lines = changeLines(comparison);
  const n = (kind: string) => lines.filter((l) => l.startsWith(`${kind}:`)).length;
  const words = (count: number, kind: string) => `${count} ${kind} change${count === 1 ? '' : 's'}`;
  const parts = [n('behaviour') ? words(n('behaviour'), 'behaviour') : '', n('coverage') ? words(n('coverage'), 'coverage') : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no change';
}
