import { SHARE_ENV, Worker } from 'node:worker_threads';
import { runSuite as runHere, type RunOptions, type RunOutcome } from '../../support/run/run.ts';

/**
 * The tests' runs of the suite, in a worker thread of the test process where the run's
 * options are plain data. node:test tracks every promise of the thread its tests run in
 * (an async hook, with no switch to turn it off), and a run of the suite makes many: in a
 * worker, out of the hook's reach, a run costs about a fifth less CPU (the order test
 * alone: 22 s against 27 s, three runs each). The outcome is the same data either way;
 * the worker shares the process's environment variables (SHARE_ENV), and reaches
 * simulators served by the test over loopback as any run does.
 *
 * A run whose options hold code (a browser, a callback, an output stream) runs here, as
 * do the tests of the run's own machinery (SuiteRun), which import it themselves.
 */
export function runSuite(options: RunOptions = {}): Promise<RunOutcome> {
  return Object.keys(options).every((key) => PLAIN.has(key)) ? away(options) : runHere(options);
}

/** The options that are data (strings, numbers, the parameters, a targets file's path). */
const PLAIN = new Set(['profile', 'tags', 'names', 'parameters', 'reports', 'dryRun', 'retry', 'order', 'formats', 'verbose']);

let worker: Worker | undefined;
let ids = 0;
const waiting = new Map<number, PromiseWithResolvers<RunOutcome>>();

/** Runs the suite in the process's worker, started at the first run; it keeps the process alive only while a run is under way. */
function away(options: RunOptions): Promise<RunOutcome> {
  worker ??= started();
  const id = ++ids;
  const reply = Promise.withResolvers<RunOutcome>();
  waiting.set(id, reply);
  worker.ref();
  worker.postMessage({ id, options });
  return reply.promise;
}

function started(): Worker {
  const thread = new Worker(new URL('./suite-runs-worker.ts', import.meta.url), { env: SHARE_ENV });
  thread.on('message', ({ id, outcome, error }: { id: number; outcome?: RunOutcome; error?: unknown }) => {
    const reply = waiting.get(id);
    waiting.delete(id);
    if (!waiting.size) thread.unref();
    if (error !== undefined) reply?.reject(error);
    else reply?.resolve(outcome as RunOutcome);
  });
  // The worker itself failed or ended: every run under way fails with it (with its error, when it threw one), and the
  // next run starts another.
  const ended = (err: unknown) => {
    for (const reply of waiting.values()) reply.reject(err);
    waiting.clear();
    if (worker === thread) worker = undefined;
  };
  thread.on('error', ended);
  thread.on('exit', (code) => ended(new Error(`the suite's worker thread ended (exit code ${code}) during a run`)));
  return thread;
}
