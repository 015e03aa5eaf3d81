import { systemKeys, systems, type SystemKey } from '../systems/index.ts';
import { switchesOf } from './stage.ts';
import { systemClock, type Clock } from '../simulation/clock.ts';
import { LoopbackHost } from '../simulation/loopback-host.ts';
import { simulatorOf, transportVariations, type Mount, type MountOptions, type RouteTable } from '../simulation/route-table.ts';

export interface ServedSimulator {
  readonly key: SystemKey;
  readonly baseUrl: string;
  /** The model behind the server, for tests that look inside after a run. */
  readonly model: unknown;
  readonly mount: Mount;
}

export interface ServedSimulators {
  readonly simulators: readonly ServedSimulator[];
  /** A targets file naming every served simulator and the users it was seeded with. */
  readonly targets: { systems: Record<string, unknown> };
  /** Targets files of the simulators' other applications, by name (`saml`), each naming the simulators that have one. */
  readonly alternatives: Readonly<Record<string, { systems: Record<string, unknown> }>>;
  close(): Promise<void>;
}

/**
 * Starts long-lived simulators on loopback HTTP servers, one per system, each with
 * one model for its whole life — what a vendor's client developer, or a live run
 * of the harness, talks to.
 */
export async function serveSimulators(
  keys: readonly SystemKey[] = systemKeys,
  options: { clock?: Clock; defects?: readonly string[]; variations?: readonly string[]; tls?: { key: string; cert: string } } & Omit<
    MountOptions,
    'variations'
  > = {},
): Promise<ServedSimulators> {
  const clock = options.clock ?? systemClock;
  const simulators = await Promise.all(
    keys.map(async (key) => {
      const definition = systems[key];
      const simulated: { model: unknown; config: object; alternatives?: Readonly<Record<string, object>> } = definition.simulate({
        clock,
        defects: switchesOf(key, 'defects', options.defects ?? []),
        variations: switchesOf(key, 'variations', options.variations ?? []),
      });
      const { model, config, alternatives } = simulated;
      const server = await LoopbackHost.start(options.tls ? { tls: options.tls } : {});
      const mount = server.mount(simulatorOf(definition.routes as RouteTable<unknown>, model), definition.basePath, {
        ...options,
        variations: transportVariations(options.variations ?? []),
      });
      return { key, baseUrl: server.origin + definition.basePath, model, mount, config, alternatives: alternatives ?? {}, server };
    }),
  );
  const alternatives: Record<string, { systems: Record<string, unknown> }> = {};
  for (const s of simulators)
    for (const [name, config] of Object.entries(s.alternatives)) (alternatives[name] ??= { systems: {} }).systems[s.key] = { baseUrl: s.baseUrl, ...config };
  return {
    simulators,
    targets: { systems: Object.fromEntries(simulators.map((s) => [s.key, { baseUrl: s.baseUrl, ...s.config }])) },
    alternatives,
    close: async () => void (await Promise.all(simulators.map((s) => s.server.close()))),
  };
}

/** What a served model still holds open: sessions, tickets, tokens. */
export function openSessionsOf(key: SystemKey, model: unknown): number {
  return (systems[key].openSessions as (m: unknown) => number)(model);
}
