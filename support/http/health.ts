/**
 * Whether a target still answers at all. After a few requests in a row went
 * unanswered within their timeout, the target is given up on for the rest of the
 * run: every further request fails at once with the same cause, instead of paying
 * the whole timeout again. Any answer sets it right again.
 */
export class TargetHealth {
  readonly #limit: number;
  #timeouts = 0;
  #since: Date | undefined;

  constructor(limit = 3) {
    this.#limit = limit;
  }

  /** Why a request is not sent, or undefined when it may be. */
  refusal(): string | undefined {
    if (this.#timeouts < this.#limit || !this.#since) return undefined;
    return `no answer since ${this.#since.toISOString()} (${this.#timeouts} requests in a row timed out); not tried again in this run`;
  }

  answered(): void {
    this.#timeouts = 0;
    this.#since = undefined;
  }

  timedOut(now = new Date()): void {
    this.#timeouts++;
    this.#since ??= now;
  }
}
