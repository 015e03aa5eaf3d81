// npm run conformance [-- --targets file] [-- --tags "@acumatica"] …
// Exit codes: see EXIT in support/report/compliance.ts (and the README).
import { enableCompileCache } from 'node:module';
import { parseArgs } from 'node:util';

// Node keeps the compiled code of the modules a run loads between runs; it must be
// on before they load, hence the dynamic imports below.
enableCompileCache();
const { runConformance } = await import('../support/run/conformance.ts');
const { EXIT } = await import('../support/report/compliance.ts');

const { values } = parseArgs({
  options: {
    profile: { type: 'string' },
    tags: { type: 'string' },
    targets: { type: 'string' },
    reports: { type: 'string' },
    slow: { type: 'boolean' },
    name: { type: 'string', multiple: true },
  },
});

// Interrupted (Ctrl-C, or a CI runner's SIGTERM on cancel): the run stops starting
// scenarios and requests, lets every clean-up run (an Acumatica session left open
// holds a licence seat for ten minutes), writes its reports marked interrupted and
// exits 130 or 143. A second signal leaves at once.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupt.signal.aborted) process.exit(signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted);
    process.stderr.write(`\nconformance: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}; closing what the run opened…\n`);
    interrupt.abort(signal);
  });
}

const { exitCode } = await runConformance({
  ...(values.profile ? { profile: values.profile } : {}),
  ...(values.tags ? { tags: values.tags } : {}),
  ...(values.targets ? { targets: values.targets } : {}),
  ...(values.reports ? { reports: values.reports } : {}),
  ...(values.slow ? { slow: true } : {}),
  ...(values.name ? { names: values.name } : {}),
  signal: interrupt.signal,
});
process.exitCode = exitCode;
