// One live run of the suite for the bench, in a process of its own (its memory is
// the run's): node bin/bench/live-run.ts <targets.json> <concurrency> <out.json>
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Pickle } from '@cucumber/messages';
import { assignUnits, claimOf, type Claim } from '../../support/harness/claims.ts';
import { runSuite } from '../../support/run/run.ts';
import { loadTargets } from '../../support/targets/load.ts';
import { poolsOf, type SystemKey } from '../../support/systems/index.ts';
import { chains, type Timed } from './critical-path.ts';

/** A scenario's round trips as the bench counts them: its own chain, and how many of them lie on the run's critical path. */
export interface ScenarioRoundTrips {
  readonly scenario: string;
  readonly system: string;
  readonly requests: number;
  readonly own: number;
  readonly alongCriticalPath: number;
}

const [targetsPath = '', concurrency = '8', out = ''] = process.argv.slice(2);
const targets = await loadTargets(targetsPath);
const pickles: Pickle[] = [];
const requests: Timed[] = [];
const started = performance.now();
const outcome = await runSuite({
  targets,
  parameters: { mode: 'live', concurrency: Number(concurrency) },
  onMessage: (e) => void (e.pickle && pickles.push(e.pickle)),
  onExchange: (scenario, exchange) => {
    const end = performance.now();
    requests.push({ scenario, start: end - exchange.durationMs, end });
  },
});
const wallMs = performance.now() - started;
const pools = (key: SystemKey) => poolsOf(key, targets.systems[key]);
// The accounts each scenario was given, as the run gave them: by the features' order.
const assignment = assignUnits(pickles, pools);
const claims = new Map<string, Claim>(pickles.map((p) => [p.id, claimOf(p, assignment)]));
const notPassed = outcome.scenarios.filter((s) => s.outcome !== 'passed' && s.outcome !== 'not-verified').map((s) => `${s.location} ${s.outcome}`);
const path = chains(requests, claims, pools);
// Each system's own critical path: what the run would take were that system alone.
const systemsRun = [...new Set([...claims.values()].flatMap((c) => (c.system ? [c.system] : [])))].sort();
const bySystem = Object.fromEntries(
  systemsRun.map((key) => [
    key,
    chains(
      requests.filter((r) => claims.get(r.scenario)?.system === key),
      claims,
      pools,
    ).length,
  ]),
);
const perScenario: ScenarioRoundTrips[] = pickles
  .filter((p) => path.own.has(p.id))
  .map((p) => ({
    scenario: `${p.uri}:${p.location?.line ?? '?'} ${p.name}`,
    system: claims.get(p.id)?.system ?? '',
    requests: requests.filter((r) => r.scenario === p.id).length,
    own: path.own.get(p.id) ?? 0,
    alongCriticalPath: path.along.get(p.id) ?? 0,
  }));
// What the wall time holds besides requests: the run's start (support code, the plan) and its end (reports).
const beforeFirstMs = Math.min(...requests.map((r) => r.start)) - started;
const afterLastMs = started + wallMs - Math.max(...requests.map((r) => r.end));
await writeFile(
  out,
  JSON.stringify({
    wallMs,
    beforeFirstMs,
    afterLastMs,
    requests: requests.length,
    criticalPath: path.length,
    criticalPathBySystem: bySystem,
    perScenario,
    scenarios: outcome.scenarios.filter((s) => s.outcome === 'passed').length,
    notPassed,
  }),
);
