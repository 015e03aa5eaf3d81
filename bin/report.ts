// npm run report [-- --open]: turns reports/allure-results into the Allure HTML report
// under reports/allure-report, carrying the previous report's history so trends show.
// The report loads its data over HTTP: opened from disk it shows "500 Failed to fetch",
// so it is served, on 127.0.0.1 only, by `allure open`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { carryHistory } from '../support/report/allure.ts';

const fail = (line: string): never => {
  process.stderr.write(`report: ${line}\n`);
  process.exit(2);
};

let open = false;
try {
  ({
    values: { open = false },
  } = parseArgs({ options: { open: { type: 'boolean' } }, strict: true }));
} catch (err) {
  fail(`${(err as Error).message.split('\n')[0]}; usage: npm run report [-- --open]`);
}
const reports = process.env.CONFORMANCE_REPORTS || 'reports';
const results = `${reports}/allure-results`;
const report = `${reports}/allure-report`;
if (!existsSync(results)) fail(`no ${results}; run npm run conformance first`);
if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
  fail('the Allure command line needs Java (a JRE 8 or newer) on PATH: apt-get install default-jre-headless, or see https://adoptium.net');
}
await carryHistory(report, results);
const generated = spawnSync('allure', ['generate', results, '-o', report, '--clean'], { stdio: 'inherit' });
if (generated.error) fail(`allure: ${generated.error.message}`);
if (generated.status !== 0) process.exit(2);
if (!open) {
  process.stdout.write(`To open it: npx allure open -h 127.0.0.1 ${report}\n(or npm run report -- --open; a report opened from disk cannot load its data)\n`);
  process.exit(0);
}
const served = spawnSync('allure', ['open', '-h', '127.0.0.1', report], { stdio: 'inherit' });
process.exit(served.status ?? 2);
