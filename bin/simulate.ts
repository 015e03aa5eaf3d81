// Serves the built-in simulators on 127.0.0.1 until interrupted, and prints their
// base URLs and a targets file for them.
//   npm run simulate [-- acumatica flexi …] [-- --targets-out path]
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { serveSimulators } from '../support/harness/serve.ts';
import { isSystemKey, systemKeys, systems } from '../support/systems/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'targets-out': { type: 'string', default: 'reports/simulated-targets.json' }, defect: { type: 'string', multiple: true } },
});
const unknown = positionals.filter((p) => !isSystemKey(p));
if (unknown.length) {
  process.stderr.write(`simulate: unknown system ${unknown.join(', ')}; known: ${systemKeys.join(', ')}\n`);
  process.exit(2);
}
const keys = positionals.length ? positionals.filter(isSystemKey) : systemKeys;
const served = await serveSimulators(keys, { defects: values.defect ?? [] });
const targetsOut = values['targets-out'];
await writeFile(targetsOut, `${JSON.stringify(served.targets, null, 2)}\n`);
// Beside it, one per other application (simulated-targets.saml.json: the SAML application, signed in to through the simulator's IdP).
const others = Object.entries(served.alternatives).map(([name, targets]) => ({ name, targets, path: targetsOut.replace(/(\.json)?$/, `.${name}.json`) }));
for (const { path, targets } of others) await writeFile(path, `${JSON.stringify(targets, null, 2)}\n`);
for (const s of served.simulators) process.stdout.write(`${systems[s.key].title.padEnd(22)} ${s.baseUrl}\n`);
process.stdout.write(`\nTargets file: ${targetsOut}\n${JSON.stringify(served.targets, null, 2)}\n\n`);
for (const { name, path } of others) process.stdout.write(`Targets file of the ${name} application: ${path}\n`);
process.stdout.write(`Run the suite against them: CONFORMANCE_TARGETS=${targetsOut} npm run conformance\nServing until interrupted (Ctrl-C).\n`);

const stop = async () => {
  await served.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
