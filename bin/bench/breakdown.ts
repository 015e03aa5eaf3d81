// Where a run's time goes, for the bench: cucumber's start-up, the time an HTTP
// exchange is in flight, the time between exchanges, and garbage collection. Read
// from undici's diagnostics channels and Node's gc performance entries, so the code
// measured is the code that runs; the bench uses it in rounds of their own, apart
// from the timed ones, since listening costs a little.
import dc from 'node:diagnostics_channel';
import { performance, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface Breakdown {
  readonly totalMs: number;
  /** From the call to cucumber's test-run-started: configuration, feature parsing, support code. 0 for the replay. */
  readonly startUpMs: number;
  /** After start-up, some request is in flight: from undici creating it to its answer's end (or its error). */
  readonly inFlightMs: number;
  /** Nothing in flight, the run going on: steps, hooks and cucumber between exchanges, and what follows the last one. */
  readonly betweenMs: number;
  /** Garbage collection, whichever of the above it fell in. */
  readonly gcMs: number;
  readonly exchanges: number;
}

/** What a measured run reports back: when cucumber started it, if it is a cucumber run. */
export interface Marks {
  started(): void;
}

const CHANNELS = { create: 'undici:request:create', done: 'undici:request:trailers', failed: 'undici:request:error' } as const;

/** Runs `run` once and splits its wall time. Only one at a time: the channels are process-wide. */
export async function breakdown(run: (marks: Marks) => Promise<unknown>): Promise<Breakdown> {
  let inFlight = 0;
  let since = 0;
  /** When some request was in flight, as [from, to]. */
  const busy: [number, number][] = [];
  let exchanges = 0;
  const opened = () => {
    exchanges++;
    if (inFlight++ === 0) since = performance.now();
  };
  const closed = () => {
    if (--inFlight === 0) busy.push([since, performance.now()]);
  };
  const gc: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => void gc.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  dc.subscribe(CHANNELS.create, opened);
  dc.subscribe(CHANNELS.done, closed);
  dc.subscribe(CHANNELS.failed, closed);
  const begun = performance.now();
  let started = begun;
  try {
    await run({ started: () => void (started = performance.now()) });
  } finally {
    dc.unsubscribe(CHANNELS.create, opened);
    dc.unsubscribe(CHANNELS.done, closed);
    dc.unsubscribe(CHANNELS.failed, closed);
    gc.push(...observer.takeRecords());
    observer.disconnect();
  }
  // Every request the run awaited has ended or failed; one still open means a channel was missed.
  if (inFlight !== 0) throw new Error(`bench: ${inFlight} request(s) neither ended nor failed as undici's channels tell it`);
  const ended = performance.now();
  const totalMs = ended - begun;
  const startUpMs = started - begun;
  // An exchange during start-up belongs to the start-up.
  const inFlightMs = busy.reduce((sum, [from, to]) => sum + Math.max(0, to - Math.max(from, started)), 0);
  const gcMs = gc.filter((e) => e.startTime >= begun && e.startTime < ended).reduce((sum, e) => sum + e.duration, 0);
  return { totalMs, startUpMs, inFlightMs, betweenMs: totalMs - startUpMs - inFlightMs, gcMs, exchanges };
}
