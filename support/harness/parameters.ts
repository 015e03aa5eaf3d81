/** What a run is asked to do, as cucumber's world parameters carry it: where the systems run, which switches are on, how many scenarios at once. */

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

export const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * Scenarios at once unless told: the resource rules, not this number, are what
 * keeps scenarios that would undo each other apart; in process each costs little.
 */
export const DEFAULT_CONCURRENCY = 16;

/** Cucumber's order of the scenarios (its `order` option): as the features list them, reversed, or shuffled (with a seed, reproducibly). */
export type PickleOrder = 'defined' | 'reverse' | 'random' | `random:${string}`;

export const isPickleOrder = (order: string): order is PickleOrder => /^(defined|reverse|random(:\S+)?)$/.test(order);
