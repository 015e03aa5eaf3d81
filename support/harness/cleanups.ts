import { Nonconformance } from '../http/errors.ts';
import { redact } from '../http/redact.ts';
import type { Deferrer } from '../systems/system.ts';

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
 * Stacks still pending are reachable through `Cleanups.pending` so an interrupted
 * run can close them too.
 */
export class Cleanups implements Deferrer {
  static readonly #pending = new Set<Cleanups>();
  #stack: Cleanup[] = [];

  /** Every stack with closings not yet run, oldest first. */
  static get pending(): readonly Cleanups[] {
    return [...Cleanups.#pending];
  }

  defer(label: string, run: () => unknown): void {
    this.#stack.push({ label, run });
    Cleanups.#pending.add(this);
  }

  /** Runs every closing, newest first. Returns what went wrong, one entry per closing. */
  async run(): Promise<CleanupProblem[]> {
    const stack = this.#stack.reverse();
    this.#stack = [];
    Cleanups.#pending.delete(this);
    const problems: CleanupProblem[] = [];
    for (const { label, run } of stack) {
      try {
        await run();
      } catch (err) {
        const message = redact((err as Error).message);
        if (err instanceof Nonconformance) problems.push({ label, kind: 'nonconformance', ...(err.clause ? { clause: err.clause } : {}), message });
        else problems.push({ label, kind: 'left-open', message });
      }
    }
    return problems;
  }
}
