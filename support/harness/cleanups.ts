import { AsyncLocalStorage } from 'node:async_hooks';
import { Nonconformance } from '../http/errors.ts';
import { redact } from '../http/redact.ts';
import type { Deferrer } from '../systems/system.ts';

/** True inside a closing: an interrupted run still lets it send its requests. */
const closing = new AsyncLocalStorage<true>();
export const isClosing = (): boolean => closing.getStore() === true;

interface Cleanup {
  readonly label: string;
  readonly run: () => unknown;
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

  defer(label: string, run: () => unknown): void {
    this.#stack.push({ label, run });
    this.#pending.add(this);
  }

  /** Runs every closing, newest first. Returns what went wrong, one entry per closing. */
  async run(): Promise<CleanupProblem[]> {
    const stack = this.#stack.reverse();
    this.#stack = [];
    this.#pending.delete(this);
    const problems: CleanupProblem[] = [];
    for (const { label, run } of stack) {
      try {
        await closing.run(true, run);
      } catch (err) {
        const message = redact((err as Error).message);
        if (err instanceof Nonconformance) problems.push({ label, kind: 'nonconformance', ...(err.clause ? { clause: err.clause } : {}), message });
        else problems.push({ label, kind: 'left-open', message });
      }
    }
    return problems;
  }
}
