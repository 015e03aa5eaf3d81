// The bench's bare replay, shared by its two baselines: the loop in bin/bench.ts and
// the one step of the cucumber floor (floor.steps.ts).
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Envelope } from '@cucumber/messages';
import { Agent, request, type Dispatcher } from 'undici';
import type { Exchange } from '../../support/http/exchange.ts';
import { runSuite } from '../../support/run/run.ts';
import { ManualClock } from '../../support/simulation/clock.ts';
import { LoopbackServer } from '../../support/simulation/loopback-binder.ts';
import { systemKeys, systems, type SystemKey } from '../../support/systems/index.ts';

/** Where a replay goes: a loopback server per system, and the undici the harness pins (not the global one). */
export interface ReplayTarget {
  readonly servers: ReadonlyMap<SystemKey, LoopbackServer>;
  readonly dispatcher: Dispatcher;
  close(): Promise<void>;
}

/** Starts a loopback server per system and an Agent to reach them. */
export async function openReplayTarget(): Promise<ReplayTarget> {
  const servers = new Map(await Promise.all(systemKeys.map(async (k) => [k, await LoopbackServer.start()] as const)));
  const dispatcher = new Agent();
  return {
    servers,
    dispatcher,
    async close() {
      await dispatcher.close();
      await Promise.all([...servers.values()].map((s) => s.close()));
    },
  };
}

/**
 * Sends one scenario's recorded requests again with bare undici, to fresh simulators
 * as the suite had them (same seeds, so the same session ids and tickets come back):
 * the scenario's HTTP and simulator work without the harness around it. Scenarios
 * that used simulator controls (a clock jump, a forced answer) or moved a simulator
 * to another base path get other answers here. Returns how many answers came back
 * with the status the suite saw.
 */
export async function replayScenario(exchanges: readonly Exchange[], { servers, dispatcher }: ReplayTarget): Promise<number> {
  let matching = 0;
  const fresh = new Set<SystemKey>();
  for (const ex of exchanges) {
    const key = ex.system as SystemKey;
    const server = servers.get(key) as LoopbackServer;
    if (!fresh.has(key)) {
      fresh.add(key);
      server.mount({ routes: systems[key].simulate({ clock: new ManualClock(), defects: new Set(), variations: new Set() }).routes }, systems[key].basePath);
    }
    const from = new URL(ex.request.url);
    const res = await request(`${server.origin}${from.pathname}${from.search}`, { method: ex.request.method as 'GET', headers: ex.request.headers as Record<string, string>, body: ex.request.body || undefined, dispatcher });
    await res.body.text();
    if (res.statusCode === ex.response?.status) matching++;
  }
  return matching;
}

/** What the floor's steps replay: set by `runFloor`. */
export const floor = {
  target: undefined as ReplayTarget | undefined,
  /** The suite's exchanges, one list per scenario in the order they ran. */
  scenarios: [] as readonly (readonly Exchange[])[],
  /** The next scenario's index; after a run, how many scenarios ran. */
  next: 0,
  /** Answers with the suite's status, as `replayScenario` counts them. */
  matching: 0,
};

/**
 * The cucumber floor (floor.steps.ts) over a suite's exchanges: how long it took,
 * whether cucumber saw it pass, how many scenarios it ran and how many answers
 * matched the suite's, as `replayScenario` counts them.
 */
export async function runFloor(
  perScenario: readonly (readonly Exchange[])[],
  target: ReplayTarget,
  onMessage?: (envelope: Envelope) => void,
): Promise<{ ms: number; success: boolean; scenarios: number; matching: number }> {
  Object.assign(floor, { target, scenarios: perScenario, next: 0, matching: 0 });
  const started = performance.now();
  const { success } = await runSuite({ profile: 'loopback', steps: [fileURLToPath(new URL('./floor.steps.ts', import.meta.url))], ...(onMessage ? { onMessage } : {}) });
  return { ms: performance.now() - started, success, scenarios: floor.next, matching: floor.matching };
}
