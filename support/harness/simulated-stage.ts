import { Agent } from 'undici';
import { HarnessError } from '../http/errors.ts';
import { ManualClock } from '../simulation/clock.ts';
import { LoopbackHost } from '../simulation/loopback-host.ts';
import { simulatorOf, transportVariations, type Host, type RouteTable } from '../simulation/route-table.ts';
import { poolsOf, systemKeys, systems, type ConfigOf, type ModelOf, type SystemKey } from '../systems/index.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, type HarnessParameters } from './parameters.ts';
import { checkSwitches, switchesOf, type Stage } from './stage.ts';

// The simulated stage: each scenario's own simulators, on nock hosts in process or on loopback HTTP servers.

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

export async function simulatorStage(mode: 'simulated' | 'loopback', parameters: HarnessParameters): Promise<Stage> {
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
    sharedTargets: false,
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
