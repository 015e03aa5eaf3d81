import { AsyncLocalStorage } from 'node:async_hooks';
import { Nonconformance } from '../verdicts.ts';
import { redact } from '../http/redact/index.ts';
import type { Deferrer } from '../systems/system.ts';
import { branchPath, inBranchOrder } from './together.ts';

/** Inside a closing that runs after the run (AfterTheRun): its requests are no scenario's. */
const afterRun = new AsyncLocalStorage<true>();
export const isAfterTheRun = (): boolean => afterRun.getStore() === true;
/** The scenario an exchange made after the run is told under (RunState.onExchange). */
export const AFTER_THE_RUN = 'after the run';

/** Inside a closing: its place in the clean-up order. An interrupted run still lets it send its requests. */
const closing = new AsyncLocalStorage<number>();
export const isClosing = (): boolean => closing.getStore() !== undefined;
/** The place in the clean-up order of the closing running now, if any: evidence of closings run together is put back in that order. */
export const closingPlace = (): number | undefined => closing.getStore();

interface Cleanup {
  readonly label: string;
  readonly run: () => unknown;
  readonly alongside: boolean;
  /** The `together` branch that registered it, if any. */
  readonly branch: readonly number[];
}

/**
 * What a clean-up saw go wrong. `nonconformance`: the target broke a documented
 * rule while being closed (counted against `clause`); `left-open`: the closing
 * failed, so what it was closing may still be open on the target.
 */
export interface CleanupProblem {
  readonly label: string;
  readonly kind: 'nonconformance' | 'left-open';
  readonly clause?: string;
  readonly message: string;
}

/**
 * What a scenario opened and must close. Closings are registered the moment
 * something is opened and run in reverse; every one runs even when another throws.
 * While any is pending the stack sits in its run's `pending` set, so an
 * interrupted run can close it too.
 */
export class Cleanups implements Deferrer {
  readonly #pending: Set<Cleanups>;
  #stack: Cleanup[] = [];

  constructor(pending: Set<Cleanups> = new Set()) {
    this.#pending = pending;
  }

  defer(label: string, run: () => unknown, options: { readonly alongside?: boolean } = {}): void {
    this.#stack.push({ label, run, alongside: options.alongside === true, branch: branchPath() });
    this.#pending.add(this);
  }

  /** Closings registered so far. */
  get size(): number {
    return this.#stack.length;
  }

  /** Puts the closings registered from `from` on in the order of the `together` branches (at `depth`) that registered them. */
  inBranchOrder(from: number, depth: number): void {
    inBranchOrder(this.#stack, from, depth, (c) => c.branch);
  }

  /**
   * Runs every closing, newest first; neighbours marked `alongside` at the same
   * time (one round trip for all of them across a network). Returns what went
   * wrong, one entry per closing, in stack order.
   */
  async run(): Promise<CleanupProblem[]> {
    const stack = this.#stack.reverse();
    this.#stack = [];
    this.#pending.delete(this);
    const groups: { cleanup: Cleanup; place: number }[][] = [];
    for (const [place, cleanup] of stack.entries()) {
      const last = groups.at(-1);
      if (cleanup.alongside && last?.[0]?.cleanup.alongside) last.push({ cleanup, place });
      else groups.push([{ cleanup, place }]);
    }
    const problems: CleanupProblem[] = [];
    for (const group of groups) {
      const found = await Promise.all(
        group.map(async ({ cleanup: { label, run }, place }): Promise<CleanupProblem | undefined> => {
          try {
            await closing.run(place, run);
            return undefined;
          } catch (err) {
            const message = redact((err as Error).message);
            if (err instanceof Nonconformance) return { label, kind: 'nonconformance', ...(err.clause ? { clause: err.clause } : {}), message };
            return { label, kind: 'left-open', message };
          }
        }),
      );
      for (const problem of found) if (problem) problems.push(problem);
    }
    return problems;
  }
}

/**
 * Closings of what scenarios share, run after the last scenario with whatever is
 * still pending: a closing is registered by the first scenario that opens what it
 * closes, and another with the same label is that same closing. Its requests are in
 * no scenario's transcript, whichever scenario registered it.
 */
export class AfterTheRun implements Deferrer {
  readonly #cleanups: Cleanups;
  readonly #labels = new Set<string>();

  constructor(pending: Set<Cleanups>) {
    this.#cleanups = new Cleanups(pending);
  }

  defer(label: string, run: () => unknown, options: { readonly alongside?: boolean } = {}): void {
    if (this.#labels.has(label)) return;
    this.#labels.add(label);
    this.#cleanups.defer(label, () => afterRun.run(true, run), options);
  }
}
