#!/usr/bin/env node
// npm run conformance [-- --profile loopback|live] [-- --tags "@acumatica"]
// Exit code: 0 every system run conforms, 1 a nonconformance, 2 the harness could not run.
import { enableCompileCache } from 'node:module';
import { parseArgs } from 'node:util';

// Node keeps the compiled code of the ~900 modules a run loads between runs (in the
// OS temp folder, checked against each file's content): about 0.1 s of a 1.2 s run.
// It must be on before they load, hence the dynamic imports below.
enableCompileCache();
const { Cleanups } = await import('../support/harness/cleanups.ts');
const { runConformance } = await import('../support/run/conformance.ts');
const { PlainFileWriter } = await import('../support/report/allure-writer.cjs');

const { values } = parseArgs({ options: { profile: { type: 'string' }, tags: { type: 'string' } } });

// Interrupted: close every session, ticket and token the run opened before leaving
// (an Acumatica session left open holds a licence seat for ten minutes), and let the
// Allure files of the scenarios that finished reach the disk.
process.once('SIGINT', () => {
  process.stderr.write('\nconformance: interrupted; closing what the run opened…\n');
  const written = PlainFileWriter.settled().catch((err: Error) => void process.stderr.write(`conformance: ${err.message}\n`));
  void Promise.all([...Cleanups.pending.map((c) => c.run()), written]).finally(() => process.exit(130));
});

const { exitCode } = await runConformance({ ...(values.profile ? { profile: values.profile } : {}), ...(values.tags ? { tags: values.tags } : {}) });
process.exitCode = exitCode;
