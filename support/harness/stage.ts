import { HarnessError } from '../http/errors.ts';
import type { ManualClock } from '../simulation/clock.ts';
import type { Cleanups } from './cleanups.ts';
import { systems, type ConfigOf, type ModelOf, type SystemKey } from '../systems/index.ts';

/**
 * Where the systems under test run. `simulated`: in-process simulators behind nock,
 * no network at all. The stage is the only code that knows; steps and clients never
 * branch on it.
 */
export type Mode = 'simulated';

/** Cucumber world parameters, set by the profiles in cucumber.cjs. */
export type HarnessParameters = {
  readonly mode?: Mode;
  /** Simulator defects to switch on, as `<system>/<defect>` (negative controls). */
  readonly defects?: readonly string[];
  /** Per-request timeout in ms unless the target sets its own. */
  readonly timeoutMs?: number;
};

export interface ScenarioContext {
  readonly clock: ManualClock;
  readonly cleanups: Cleanups;
  /** Where to mount the simulator below its host, overriding the system's default. */
  readonly basePath?: string;
}

export interface Connection<K extends SystemKey> {
  readonly config: ConfigOf<K>;
  /** The simulator's model, whose methods are the controls; absent against a real target. */
  readonly model?: ModelOf<K>;
}

export interface Stage {
  readonly mode: Mode;
  readonly timeoutMs: number;
  connect<K extends SystemKey>(key: K, scenario: ScenarioContext): Connection<K>;
  /** Lets time pass for the target: on the simulator's clock, or for real. */
  elapse(ms: number, scenario: ScenarioContext): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The defects switched on for one system, checked against its catalog of defects. */
export function defectsFor(key: SystemKey, requested: readonly string[]): ReadonlySet<string> {
  const mine = new Set<string>();
  for (const entry of requested) {
    const [system, defect] = entry.split('/', 2);
    if (system !== key || defect === undefined) continue;
    if (!Object.hasOwn(systems[key].defects, defect)) throw new HarnessError(`unknown defect "${entry}"; ${key} has: ${Object.keys(systems[key].defects).join(', ')}`);
    mine.add(defect);
  }
  return mine;
}

export async function openStage(parameters: HarnessParameters): Promise<Stage> {
  const mode = parameters.mode ?? 'simulated';
  const timeoutMs = parameters.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const requested = parameters.defects ?? [];
  const unknownSystem = requested.find((d) => !Object.hasOwn(systems, d.split('/')[0] ?? ''));
  if (unknownSystem) throw new HarnessError(`unknown defect "${unknownSystem}": no such system`);
  const { isolateNetwork, mountOnNock } = await import('../simulation/nock-binder.ts');
  isolateNetwork();
  return {
    mode,
    timeoutMs,
    connect(key, scenario) {
      const definition = systems[key];
      const { model, routes, config } = definition.simulate({ clock: scenario.clock, defects: defectsFor(key, requested) });
      const baseUrl = `http://${key}.simulator.test${scenario.basePath ?? definition.basePath}`;
      const mount = mountOnNock(baseUrl, { routes });
      scenario.cleanups.defer(`unmount the ${key} simulator`, async () => {
        await mount.unmount();
        if (mount.problems.length) throw new HarnessError(`the ${key} simulator could not answer: ${mount.problems.join('; ')}`);
      });
      return { config: { ...config, baseUrl } as ConfigOf<typeof key>, model: model as ModelOf<typeof key> };
    },
    async elapse(ms, scenario) {
      scenario.clock.advance(ms);
    },
  };
}
