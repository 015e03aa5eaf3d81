// npm run report: turns reports/allure-results into the Allure HTML report under
// reports/allure-report, carrying the previous report's history so trends show.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { carryHistory } from '../support/report/allure.ts';

const reports = process.env.CONFORMANCE_REPORTS || 'reports';
const results = `${reports}/allure-results`;
const report = `${reports}/allure-report`;
if (!existsSync(results)) {
  process.stderr.write(`report: no ${results}; run npm run conformance first\n`);
  process.exit(2);
}
if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
  process.stderr.write('report: the Allure command line needs Java (a JRE 8 or newer) on PATH\n');
  process.exit(2);
}
await carryHistory(report, results);
const { status } = spawnSync('allure', ['generate', results, '-o', report, '--clean'], { stdio: 'inherit' });
process.exit(status ?? 2);
