import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The API-user seats this run holds on one Acumatica licence, across its scenarios:
 * the licence's free seats are measured by signing in, never assumed, and a refusal
 * is read against what the run itself holds. Sessions of other clients (a seat held
 * from elsewhere) are never seen here; they show only as seats that are not free.
 *
 * A session is `open` while a scenario may still use it, `released` once a sign-out
 * answered 204 or the instance answered 401 for it, `abandoned` when its clean-up
 * could not sign it out (it holds its seat until the idle time-out).
 */
type SeatState = 'open' | 'released' | 'abandoned';

/** Why a sign-in the licence refused with its limit answer was refused, as far as this run can tell. */
export type Refusal =
  /** Other scenarios of this run hold seats: wait for one of them to sign out. */
  | { readonly kind: 'wait' }
  /** Seats this run's own sign-outs should have freed stay taken: ACU-4 broken. */
  | { readonly kind: 'kept'; readonly reason: string }
  /** No seat is free, for reasons that are not the instance's fault. */
  | { readonly kind: 'none-free'; readonly reason: string };

/** How long a sign-in waits, in all, for another scenario of the run to free a seat: below the step timeout. */
export const SEAT_WAIT_MS = 45_000;

export class SeatLedger {
  readonly #seats = new Map<object, { owner: object; state: SeatState }>();
  /** The most sessions this run held at once: so many seats the licence had free for it. */
  #most = 0;
  #released = 0;
  #changed: (() => void)[] = [];

  opened(session: object, owner: object): void {
    this.#seats.set(session, { owner, state: 'open' });
    this.#most = Math.max(this.#most, this.#count('open'));
  }

  released(session: object): void {
    this.#settle(session, 'released');
  }

  abandoned(session: object): void {
    this.#settle(session, 'abandoned');
  }

  /** Seats held by this run's sessions still open; `owner`'s own, or everyone else's. */
  openBy(owner: object, mine: boolean): number {
    return [...this.#seats.values()].filter((s) => s.state === 'open' && (s.owner === owner) === mine).length;
  }

  /**
   * Reads a limit refusal of a sign-in by `owner`, who holds `held` sessions. Others'
   * open sessions will be signed out: wait. A session that could not be signed out
   * explains a taken seat. Otherwise, if this run once held more seats than it holds
   * now and signed the rest out with 204, those seats should be free.
   */
  refusal(owner: object): Refusal {
    if (this.openBy(owner, false) > 0) return { kind: 'wait' };
    const held = this.openBy(owner, true);
    const abandoned = this.#count('abandoned');
    if (abandoned > 0)
      return {
        kind: 'none-free',
        reason: `no API-user seat is free: ${abandoned} session(s) of this run could not be signed out and hold their seats until the 10-minute time-out`,
      };
    if (this.#released > 0 && held < this.#most)
      return {
        kind: 'kept',
        reason: `the licence refused a sign-in with its API-user limit answer, yet this run held ${this.#most} session(s) at once and signed ${this.#released} out with 204; it now holds ${held}, so ${this.#most - held} seat(s) its sign-outs should have freed stay taken`,
      };
    return {
      kind: 'none-free',
      reason:
        held > 0
          ? `the licence has no API-user seat free beyond the ${held} this scenario holds`
          : 'no API-user seat of the licence is free: every one is held by sessions from outside this run',
    };
  }

  /** Resolves when a session of this run is released or abandoned, or after `ms`. */
  async changed(ms: number): Promise<void> {
    const ac = new AbortController();
    await Promise.race([
      new Promise<void>((resolve) => this.#changed.push(resolve)),
      sleep(ms, undefined, { signal: ac.signal, ref: false }).catch(() => undefined),
    ]);
    ac.abort();
  }

  #count(state: SeatState): number {
    return [...this.#seats.values()].filter((s) => s.state === state).length;
  }

  #settle(session: object, state: SeatState): void {
    const seat = this.#seats.get(session);
    if (!seat || seat.state !== 'open') return;
    seat.state = state;
    if (state === 'released') this.#released++;
    const waiting = this.#changed;
    this.#changed = [];
    for (const resolve of waiting) resolve();
  }
}

// One ledger per targets entry: a live run hands every scenario the same entry, so
// its scenarios share the licence's seats; a simulator gives each scenario a fresh
// entry with a fresh licence. Keyed weakly, it ends with the run that loaded it.
const ledgers = new WeakMap<object, SeatLedger>();

/** The ledger of the licence behind a targets entry. */
export function ledgerOf(target: object): SeatLedger {
  let found = ledgers.get(target);
  if (!found) ledgers.set(target, (found = new SeatLedger()));
  return found;
}
