/** Time as the simulators see it. Injected, so idle time-outs and ticket expiry are tested without waiting. */
export interface Clock {
  now(): number;
}

/** A clock that moves only when told to. Starts on a fixed instant so every run sees the same times. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('time only moves forward');
    this.#now += ms;
  }
}

/** Real time, for simulators that serve people rather than scenarios (`npm run simulate`). */
export const systemClock: Clock = { now: () => Date.now() };
