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

const { values } = parseArgs({ options: { profile: { type: 'string' }, tags: { type: 'string' } } });

// Interrupted: close every session, ticket and token the run opened before leaving
// (an Acumatica session left open holds a licence seat for ten minutes).
process.once('SIGINT', () => {
  process.stderr.write('\nconformance: interrupted; closing what the run opened…\n');
  void Promise.all(Cleanups.pending.map((c) => c.run())).finally(() => process.exit(130));
});

const { exitCode } = await runConformance({ ...(values.profile ? { profile: values.profile } : {}), ...(values.tags ? { tags: values.tags } : {}) });
process.exitCode = exitCode;
