import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher } from 'undici';
import { liveDispatcher } from '../http/dispatcher.ts';
import { HarnessError, WorkingEndpoints } from '../verdicts.ts';
import { TargetHealth } from '../http/health.ts';
import type { Exchange } from '../http/exchange.ts';
import { ManualClock } from '../simulation/clock.ts';
import { LoopbackHost } from '../simulation/loopback-host.ts';
import { simulatorOf, transportVariations, type Host, type RouteTable } from '../simulation/route-table.ts';
import { neededEntries } from '../clauses.ts';
import { poolsOf, switchesFor, systemKeys, systems, type ConfigOf, type ModelOf, type SystemKey } from '../systems/index.ts';
import { loadTargets, type Targets } from '../targets/load.ts';
import type { Cleanups } from './cleanups.ts';
import type { Assignment, Pools } from './claims.ts';

/**
 * Where the systems under test run. The stage is the only code that knows; steps
 * and clients never branch on it.
 * - `simulated`: in-process simulators behind nock; no network at all.
 * - `loopback`: the same simulators on real HTTP servers at 127.0.0.1.
 * - `live`: the real endpoints named in a targets file; no simulator controls.
 */
export type Mode = 'simulated' | 'loopback' | 'live';

/** Cucumber world parameters, set by the profiles in cucumber.cjs. */
export type HarnessParameters = {
  readonly mode?: Mode;
  /** Simulator defects to switch on, as `<system>/<defect>` (negative controls). */
  readonly defects?: readonly string[];
  /** Simulator variations within the documents, as `<system>/<name>`, `<system>/*` or `*`. */
  readonly variations?: readonly string[];
  /** Per-request timeout in ms unless the target sets its own. */
  readonly timeoutMs?: number;
  /** The targets file of a live run (else CONFORMANCE_TARGETS). Naming one makes the run live. */
  readonly targets?: string;
  /** Live runs: also run @slow scenarios, which really wait (else CONFORMANCE_SLOW=1). */
  readonly slow?: boolean;
  /** Scenarios run at once, as far as the systems' resource rules allow; 1 runs them one by one in the features' order. */
  readonly concurrency?: number;
  /** Keep every exchange of the run in its outcome (the transport parity test). */
  readonly keepExchanges?: boolean;
  /** The bound on the run's transcripts in all (RUN_EVIDENCE_BYTES unless given). */
  readonly evidenceBytes?: number;
};

export interface ScenarioContext {
  readonly clock: ManualClock;
  readonly cleanups: Cleanups;
  /** Where to mount the simulator below its host, overriding the system's default. */
  readonly basePath?: string;
  /** Requests a simulator could not answer, and faults of its model: the harness's, failing the scenario. */
  readonly simulatorFaults: string[];
}

export interface Connection<K extends SystemKey> {
  readonly config: ConfigOf<K>;
  /** The simulator's model, whose methods are the controls; absent against a real target. */
  readonly model?: ModelOf<K>;
}

export interface Stage {
  readonly mode: Mode;
  readonly timeoutMs: number;
  /** Every request of the run goes through it; closed with the stage. */
  readonly dispatcher: Dispatcher;
  /** Base URL of each system this stage runs, secrets-free, for reports. */
  readonly baseUrls: Readonly<Partial<Record<SystemKey, string>>>;
  /** The size of each system's counted pools (licence seats) on this stage's targets. */
  readonly pools: Pools;
  /** A transport failure only this stage's hosts know, in words (nock's refusal of an unserved host). */
  readonly describeFailure?: (err: unknown) => string | undefined;
  /** Why a scenario cannot run on this stage, or undefined when it can. */
  skipReason(system: SystemKey, tags: readonly string[]): NotRun | undefined;
  connect<K extends SystemKey>(key: K, scenario: ScenarioContext): Connection<K>;
  /** Lets time pass for the target: on the simulator's clock, or for real. */
  elapse(ms: number, scenario: ScenarioContext): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Scenarios at once unless told: the resource rules, not this number, are what
 * keeps scenarios that would undo each other apart; in process each costs little.
 */
export const DEFAULT_CONCURRENCY = 16;

/**
 * Why a scenario did not run. `out-of-scope`: its system is not a target of this
 * run; every other kind leaves a clause in scope unverified.
 */
export interface NotRun {
  readonly kind: 'out-of-scope' | 'simulator-only' | 'slow' | 'targets-entry' | 'interrupted';
  readonly reason: string;
}

/**
 * What the hooks of one run share with the code that started it: the stage, the
 * clean-ups still pending, the exchanges when kept, whether it was interrupted.
 * Cucumber calls the hooks and builds the worlds, so they find their run by the id
 * in the world parameters; `runSuite` registers it and takes it out again.
 */
export interface RunState {
  readonly stage: Stage;
  /** Clean-up stacks not yet run, so an interrupted run can still close them. */
  readonly pending: Set<Cleanups>;
  /** Every exchange, one list per scenario (by pickle id); only when the run keeps them. */
  readonly exchanges: Map<string, Exchange[]> | undefined;
  /** Scenarios run at once, at most. */
  readonly concurrency: number;
  /** Sees every exchange as it ends, with its scenario's pickle id. */
  readonly onExchange?: (scenario: string, exchange: Exchange) => void;
  /** Aborted when the run is interrupted: scenarios not yet started are not started, and their requests end. */
  readonly interrupt: AbortController;
  /** Answers still being read after their timeout, so what they opened can be closed before the run ends. */
  readonly late: Set<Promise<unknown>>;
  /** Whether each target still answers at all, for every client of it in the run. */
  health(key: SystemKey): TargetHealth;
  /** Which endpoints of each target this run has seen answer as documented (the failed/broken rule, verdicts.ts). */
  endpoints(key: SystemKey): WorkingEndpoints;
  /** What the run's transcripts may take in all: each report holds every one, some more than once. */
  readonly evidence: EvidenceBudget;
  /** The test accounts each scenario was given (claims.ts assignUnits), set once the run's scenarios are known. */
  assignment: Assignment;
}

/** The default bound on a run's transcripts, whatever a target sends. */
export const RUN_EVIDENCE_BYTES = 32 << 20;

/**
 * A run's transcripts, bounded as a whole: each exchange is bounded already, but a
 * target answering every request with its largest allowed body would still fill
 * every report many times over. Past the bound a transcript becomes a marker.
 */
export class EvidenceBudget {
  #left: number;
  readonly #limit: number;
  constructor(limit = RUN_EVIDENCE_BYTES) {
    this.#limit = limit;
    this.#left = limit;
  }

  spend(transcript: string): string {
    const size = Buffer.byteLength(transcript);
    if (size > this.#left) return `[transcript of ${size} bytes not kept: the run's transcripts reached their bound of ${this.#limit} bytes]`;
    this.#left -= size;
    return transcript;
  }
}

export function newRunState(
  stage: Stage,
  parameters: Pick<HarnessParameters, 'keepExchanges' | 'evidenceBytes' | 'concurrency'>,
  interrupt = new AbortController(),
  onExchange?: RunState['onExchange'],
): RunState {
  const { keepExchanges } = parameters;
  const health = new Map<SystemKey, TargetHealth>();
  const endpoints = new Map<SystemKey, WorkingEndpoints>();
  return {
    stage,
    pending: new Set(),
    exchanges: keepExchanges ? new Map() : undefined,
    concurrency: parameters.concurrency ?? DEFAULT_CONCURRENCY,
    ...(onExchange ? { onExchange } : {}),
    interrupt,
    late: new Set(),
    evidence: new EvidenceBudget(parameters.evidenceBytes),
    assignment: new Map(),
    health(key) {
      let found = health.get(key);
      if (!found) health.set(key, (found = new TargetHealth()));
      return found;
    },
    endpoints(key) {
      let found = endpoints.get(key);
      if (!found) endpoints.set(key, (found = new WorkingEndpoints()));
      return found;
    },
  };
}

// A run's state (its stage, connections, clean-ups) is bound to the run's own async
// context: runSuite runs cucumber inside it, and every hook, world and step of that run
// finds it there; two runs at once (a fleet) each see their own. It cannot travel on the
// world parameters: cucumber structured-clones those for each world.
const current = new AsyncLocalStorage<RunState>();

/** Runs `work` as the run whose state this is. */
export const inRun = <T>(state: RunState, work: () => Promise<T>): Promise<T> => current.run(state, work);

/** The run under way here, if any. */
export const findRun = (): RunState | undefined => current.getStore();

export function runOf(): RunState {
  const run = current.getStore();
  if (!run) throw new HarnessError('no run under way: the features run through runSuite (npm run conformance), which opens the stage');
  return run;
}

/** The defects or variations switched on for one system; an unknown one is a harness error. */
export function switchesOf(key: SystemKey, kind: 'defects' | 'variations', requested: readonly string[]): ReadonlySet<string> {
  try {
    return switchesFor(key, kind, requested);
  } catch (err) {
    throw new HarnessError((err as Error).message);
  }
}

function checkSwitches(requested: readonly string[]): void {
  const unknownSystem = requested.find((d) => d !== '*' && d.split('/')[0] !== 'http' && !Object.hasOwn(systems, d.split('/')[0] ?? ''));
  if (unknownSystem) throw new HarnessError(`unknown switch "${unknownSystem}": no such system`);
}

/** Opens where the systems run; a live stage takes targets already loaded, or loads the file the parameters name. */
export async function openStage(parameters: HarnessParameters, env: NodeJS.ProcessEnv = process.env, loaded?: Targets): Promise<Stage> {
  const targets = loaded?.path ?? parameters.targets ?? env.CONFORMANCE_TARGETS;
  const mode = parameters.mode ?? (targets ? 'live' : 'simulated');
  if (mode === 'live') {
    if (!targets) throw new HarnessError('a live run needs a targets file: CONFORMANCE_TARGETS=path/to/targets.json');
    return liveStage(loaded ?? (await loadTargets(targets, env)), parameters, env);
  }
  if (targets) throw new HarnessError(`CONFORMANCE_TARGETS names real targets, but this profile runs the ${mode} simulators; use the default or live profile`);
  return simulatorStage(mode, parameters);
}

/**
 * Hosts of one system, one per scenario that runs at the same time: a scenario
 * mounts its own simulator on a host no other running scenario uses, and gives it
 * back when its simulator is unmounted.
 */
class HostPool {
  readonly #free: Host[];
  readonly #make: (n: number) => Host;
  #made: number;

  constructor(hosts: readonly Host[], make: (n: number) => Host) {
    this.#free = [...hosts];
    this.#made = hosts.length;
    this.#make = make;
  }

  take(): Host {
    return this.#free.shift() ?? this.#make(this.#made++);
  }

  give(host: Host): void {
    this.#free.unshift(host);
  }
}

async function simulatorStage(mode: 'simulated' | 'loopback', parameters: HarnessParameters): Promise<Stage> {
  const requested = parameters.defects ?? [];
  const varied = parameters.variations ?? [];
  checkSwitches([...requested, ...varied]);
  for (const key of systemKeys) {
    switchesOf(key, 'defects', requested);
    switchesOf(key, 'variations', varied);
  }
  // How every answer is framed and encoded on the wire, the same for every system.
  const onWire = transportVariations(varied);
  const concurrency = parameters.concurrency ?? DEFAULT_CONCURRENCY;
  const hosts = mode === 'simulated' ? await nockHosts() : await loopbackHosts(concurrency);
  const dispatcher = new Agent();
  // The simulators' own targets: the seats a simulated licence has.
  const sizes = Object.fromEntries(
    systemKeys.map((k) => {
      const { config } = systems[k].simulate({ clock: new ManualClock(), defects: new Set(), variations: new Set() });
      return [k, poolsOf(k, config)];
    }),
  ) as Record<SystemKey, Readonly<Record<string, number>>>;

  return {
    mode,
    timeoutMs: parameters.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    dispatcher,
    ...(hosts.describeFailure ? { describeFailure: hosts.describeFailure } : {}),
    baseUrls: hosts.baseUrls,
    pools: (key) => sizes[key],
    skipReason: () => undefined,
    connect(key, scenario) {
      const definition = systems[key];
      const { model, config } = definition.simulate({
        clock: scenario.clock,
        defects: switchesOf(key, 'defects', requested),
        variations: switchesOf(key, 'variations', varied),
      });
      const pool = hosts.of(key);
      const host = pool.take();
      const basePath = scenario.basePath ?? definition.basePath;
      const mount = host.mount(simulatorOf(definition.routes as RouteTable<unknown>, model), basePath, { variations: onWire });
      scenario.cleanups.defer(`unmount the ${key} simulator`, async () => {
        await mount.unmount();
        pool.give(host);
        for (const problem of mount.problems) scenario.simulatorFaults.push(`the ${key} simulator could not answer ${problem}`);
      });
      return { config: { ...config, baseUrl: host.origin + basePath } as ConfigOf<typeof key>, model: model as ModelOf<typeof key> };
    },
    async elapse(ms, scenario) {
      scenario.clock.advance(ms);
    },
    async close() {
      await dispatcher.close();
      await hosts.close();
    },
  };
}

interface Hosts {
  of(key: SystemKey): HostPool;
  readonly describeFailure?: (err: unknown) => string | undefined;
  readonly baseUrls: Partial<Record<SystemKey, string>>;
  close(): Promise<void>;
}

/** In process: a made-up host name per system and per scenario running at once; nothing leaves the process. */
async function nockHosts(): Promise<Hosts> {
  // Loaded only here: nock takes over the process's network as it loads, which a live run must not have.
  const { describeNockFailure, isolateNetwork, NockHost } = await import('../simulation/nock-host.ts');
  const release = isolateNetwork();
  const origin = (key: SystemKey, n: number) => `http://${key}${n ? `-${n}` : ''}.simulator.test`;
  const pools = new Map(systemKeys.map((k) => [k, new HostPool([new NockHost(origin(k, 0))], (n) => new NockHost(origin(k, n)))]));
  return {
    of: (key) => pools.get(key) as HostPool,
    describeFailure: describeNockFailure,
    baseUrls: Object.fromEntries(systemKeys.map((k) => [k, origin(k, 0) + systems[k].basePath])),
    close: async () => release(),
  };
}

/**
 * Real HTTP servers at 127.0.0.1, as many per system as scenarios may run at once,
 * started before the first scenario (a scenario connects without waiting).
 */
async function loopbackHosts(concurrency: number): Promise<Hosts> {
  const servers = await Promise.all(
    systemKeys.map(async (k) => [k, await Promise.all(Array.from({ length: concurrency }, () => LoopbackHost.start()))] as const),
  );
  const pools = new Map(
    servers.map(([k, started]) => [
      k,
      new HostPool(started, () => {
        throw new HarnessError(`more ${k} scenarios at once than the ${concurrency} loopback servers started for them`);
      }),
    ]),
  );
  return {
    of: (key) => pools.get(key) as HostPool,
    baseUrls: Object.fromEntries(servers.map(([k, started]) => [k, (started[0] as LoopbackHost).origin + systems[k].basePath])),
    close: async () => void (await Promise.all(servers.flatMap(([, started]) => started.map((s) => s.close())))),
  };
}

async function liveStage(targets: Targets, parameters: HarnessParameters, env: NodeJS.ProcessEnv): Promise<Stage> {
  const { path } = targets;
  const dispatcher = await liveDispatcher(targets.tls);
  const slow = parameters.slow ?? env.CONFORMANCE_SLOW === '1';
  return {
    mode: 'live',
    timeoutMs: targets.timeoutMs ?? parameters.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    dispatcher,
    baseUrls: Object.fromEntries(Object.entries(targets.systems).map(([k, t]) => [k, t.baseUrl])),
    pools: (key) => poolsOf(key, targets.systems[key]),
    skipReason(system, tags) {
      const target = targets.systems[system];
      if (!target) return { kind: 'out-of-scope', reason: `${systems[system].title} is not named in the targets file` };
      if (tags.includes('@simulator'))
        return {
          kind: 'simulator-only',
          reason: "needs the simulator's controls (server-side state, clock or forced answers); runs only against the built-in simulators",
        };
      if (tags.includes('@slow') && !slow) return { kind: 'slow', reason: 'really waits on a live target (@slow); set CONFORMANCE_SLOW=1 to include it' };
      const missing = neededEntries(tags.map((name) => ({ name }))).filter((entry) => target[entry] === undefined);
      if (missing.length) return { kind: 'targets-entry', reason: `needs ${missing.map((e) => `systems.${system}.${e}`).join(' and ')} in the targets file` };
      const own = (systems[system] as { notVerifiedLive?: (config: unknown, tags: readonly string[]) => string | undefined }).notVerifiedLive?.(target, tags);
      return own ? { kind: 'targets-entry', reason: own } : undefined;
    },
    connect(key) {
      const config = targets.systems[key];
      if (!config) throw new HarnessError(`${key} is not named in the targets file ${path}`);
      return { config: config as unknown as ConfigOf<typeof key> };
    },
    elapse: (ms) => sleep(ms),
    close: () => dispatcher.close(),
  };
}
