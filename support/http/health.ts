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
  /** Whether the target answered anything in this run, late answers included. */
  #heard = false;

  constructor(limit = 3) {
    this.#limit = limit;
  }

  /**
   * Why a request is not sent, or undefined when it may be. A closing is refused only
   * by a target that has not answered at all in this run: a slow one is not gone, and
   * what is open on it should still be closed.
   */
  refusal(closing = false): string | undefined {
    if (this.#timeouts < this.#limit || !this.#since || (closing && this.#heard)) return undefined;
    return `no answer since ${this.#since.toISOString()} (${this.#timeouts} requests in a row timed out); not tried again in this run`;
  }

  answered(): void {
    this.#heard = true;
    this.#timeouts = 0;
    this.#since = undefined;
  }

  /** An answer came after its timeout: the target is slow, not gone; checks are still not tried again. */
  answeredLate(): void {
    this.#heard = true;
  }

  timedOut(now = new Date()): void {
    this.#timeouts++;
    this.#since ??= now;
  }
}
