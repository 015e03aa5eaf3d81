import { redact } from '../http/redact.ts';

interface Cleanup {
  readonly label: string;
  readonly run: () => unknown;
}

/**
 * What a scenario opened and must close. Closings are registered the moment
 * something is opened and run in reverse; every one runs even when another throws.
 * Stacks still pending are reachable through `Cleanups.pending` so an interrupted
 * run can close them too.
 */
export class Cleanups {
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

  get size(): number {
    return this.#stack.length;
  }

  /** Runs every closing, newest first. Returns one line per closing that failed. */
  async run(): Promise<string[]> {
    const stack = this.#stack.reverse();
    this.#stack = [];
    Cleanups.#pending.delete(this);
    const failures: string[] = [];
    for (const { label, run } of stack) {
      try {
        await run();
      } catch (err) {
        failures.push(redact(`${label}: ${(err as Error).message}`));
      }
    }
    return failures;
  }
}
