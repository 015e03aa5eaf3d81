// The worker of suite-runs.ts: each message a run's options, each answer its outcome or its error.
import { parentPort } from 'node:worker_threads';
import { runSuite, type RunOptions } from '../../support/run/run.ts';

parentPort?.on('message', async ({ id, options }: { id: number; options: RunOptions }) => {
  try {
    parentPort?.postMessage({ id, outcome: await runSuite(options) });
  } catch (error) {
    parentPort?.postMessage({ id, error });
  }
});
