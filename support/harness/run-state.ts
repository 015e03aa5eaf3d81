import { AsyncLocalStorage } from 'node:async_hooks';
import { HarnessError } from '../http/errors.ts';
import { TargetHealth } from '../http/health.ts';
import type { Exchange } from '../http/exchange.ts';
import type { SystemKey } from '../systems/index.ts';
import type { Assignment } from './claims.ts';
import { AfterTheRun, type Cleanups } from './cleanups.ts';
import { DEFAULT_CONCURRENCY, type HarnessParameters, type PickleOrder } from './parameters.ts';
import type { Stage } from './stage.ts';

// One run's state, bound to its async context: the stage, clean-ups still pending, kept exchanges, the interrupt and the evidence budget.

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
  /** Closings of what scenarios share, run once after the last scenario (one of the pending stacks). */
  readonly afterTheRun: AfterTheRun;
  /** Every exchange, one list per scenario (by pickle id); only when the run keeps them. */
  readonly exchanges: Map<string, Exchange[]> | undefined;
  /** Scenarios run at once, at most. */
  readonly concurrency: number;
  /** Cucumber's order of the scenarios: side by side, they are offered in it as cucumber hands them (scheduler.ts). */
  readonly order: PickleOrder;
  /** Sees every exchange as it ends, with its scenario's pickle id (AFTER_THE_RUN for a closing after the run). */
  readonly onExchange?: (scenario: string, exchange: Exchange) => void;
  /** Aborted when the run is interrupted: scenarios not yet started are not started, and their requests end. */
  readonly interrupt: AbortController;
  /** Answers still being read after their timeout, so what they opened can be closed before the run ends. */
  readonly late: Set<Promise<unknown>>;
  /** Whether each target still answers at all, for every client of it in the run. */
  health(key: SystemKey): TargetHealth;
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

/** One of something per system of the run, made when first asked for. */
function perSystem<T>(make: () => T): (key: SystemKey) => T {
  const made = new Map<SystemKey, T>();
  return (key) => {
    let found = made.get(key);
    if (!found) made.set(key, (found = make()));
    return found;
  };
}

export function newRunState(
  stage: Stage,
  parameters: Pick<HarnessParameters, 'keepExchanges' | 'evidenceBytes' | 'concurrency'> & { readonly order?: PickleOrder },
  interrupt = new AbortController(),
  onExchange?: RunState['onExchange'],
): RunState {
  const { keepExchanges } = parameters;
  const pending = new Set<Cleanups>();
  return {
    stage,
    pending,
    afterTheRun: new AfterTheRun(pending),
    exchanges: keepExchanges ? new Map() : undefined,
    concurrency: parameters.concurrency ?? DEFAULT_CONCURRENCY,
    order: parameters.order ?? 'defined',
    ...(onExchange ? { onExchange } : {}),
    interrupt,
    late: new Set(),
    evidence: new EvidenceBudget(parameters.evidenceBytes),
    assignment: new Map(),
    health: perSystem(() => new TargetHealth()),
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
