#!/usr/bin/env node
// logout-conformance [options], or npm run conformance -- [options]; --help lists them
// and the exit codes (support/report/compliance.ts, EXIT).
import { parseCommandLine } from '../support/cli/args.ts';
import { EXIT } from '../support/report/exit-codes.ts';

const command = parseCommandLine(process.argv.slice(2));
if (command.kind === 'help' || command.kind === 'version') {
  process.stdout.write(command.text);
  process.exit(EXIT.conformant);
}
if (command.kind === 'error') {
  process.stderr.write(`${command.message}\n\n${command.usage}`);
  process.exit(EXIT.couldNotRun);
}
if (command.kind === 'site') {
  // Only the reports folder's files: no run, no cucumber.
  const { siteOfReports } = await import('../support/report/site/index.ts');
  try {
    process.stdout.write(`Site: ${await siteOfReports(command.options)}\n`);
    process.exit(EXIT.conformant);
  } catch (err) {
    process.stderr.write(`conformance: site: ${(err as Error).message}\n`);
    process.exit(EXIT.couldNotRun);
  }
}
const { options } = command;
// Loaded only for a run: --help and a bad option answer without loading cucumber.
const { runConformance } = await import('../support/run/conformance.ts');

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

const { exitCode } = await runConformance({ ...options, signal: interrupt.signal });
process.exitCode = exitCode;
