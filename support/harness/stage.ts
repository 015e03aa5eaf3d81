import type { Dispatcher } from 'undici';
import type { SignInBrowser } from '../browser/browser.ts';
import { HarnessError } from '../http/errors.ts';
import type { ManualClock } from '../simulation/clock.ts';
import { switchesFor, systems, type ConfigOf, type ModelOf, type SystemKey } from '../systems/index.ts';
import type { Cleanups } from './cleanups.ts';
import type { Pools } from './claims.ts';
import type { Mode } from './parameters.ts';

// The contract of where the systems run (simulated-stage.ts, live-stage.ts; open-stage.ts picks one): what a scenario connects to, and why it may not run.

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
  /**
   * Whether every scenario reaches the same targets (a live stage): what is closed once
   * after the last scenario waits for it. Otherwise each scenario has simulators of its
   * own, taken down as it ends, and closes such things with itself.
   */
  readonly sharedTargets: boolean;
  readonly timeoutMs: number;
  /** Every request of the run goes through it; closed with the stage. */
  readonly dispatcher: Dispatcher;
  /** The run's one browser, for sign-ins through a login form (a live stage's; a simulator in process cannot be reached by one); closed with the stage. */
  readonly browser?: SignInBrowser;
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

/**
 * Why a scenario did not run. `out-of-scope`: its system is not a target of this
 * run; every other kind leaves a clause in scope unverified.
 */
export interface NotRun {
  readonly kind: 'out-of-scope' | 'simulator-only' | 'slow' | 'targets-entry' | 'interrupted';
  readonly reason: string;
}

/** The defects or variations switched on for one system; an unknown one is a harness error. */
export function switchesOf(key: SystemKey, kind: 'defects' | 'variations', requested: readonly string[]): ReadonlySet<string> {
  try {
    return switchesFor(key, kind, requested);
  } catch (err) {
    throw new HarnessError((err as Error).message);
  }
}

/** Every switch names a known system (or `http`, or `*`). */
export function checkSwitches(requested: readonly string[]): void {
  const unknownSystem = requested.find((d) => d !== '*' && d.split('/')[0] !== 'http' && !Object.hasOwn(systems, d.split('/')[0] ?? ''));
  if (unknownSystem) throw new HarnessError(`unknown switch "${unknownSystem}": no such system`);
}
