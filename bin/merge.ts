#!/usr/bin/env node
// logout-conformance-merge <out-dir> <compliance.json>…, or npm run merge -- …: combines
// the compliance.json of several runs (the shards of a fleet, each CI job's own) into
// the fleet matrix and report files one run over every deployment would write, Allure's
// results of every run with the fleet's verdicts beside them, and says how to generate them.
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeAllureResults } from '../support/report/allure.ts';
import { EXIT } from '../support/report/exit-codes.ts';
import { mergeReports } from '../support/report/merge.ts';
import { toFleetSummary } from '../support/report/summary.ts';
import { writeReportFiles } from '../support/report/write.ts';

const USAGE = `Usage: logout-conformance-merge <out-dir> <compliance.json>...
       npm run merge -- <out-dir> <compliance.json>...

Writes <out-dir>/compliance.json, compliance.md, junit.xml, site/ and allure-results/ for
every deployment of the runs given, and exits as one run over them all would.
`;

const fail = (line: string): never => {
  process.stderr.write(`merge: ${line.replace(/\s*\n\s*/g, ' ')}\nRun with --help for the usage.\n`);
  process.exit(EXIT.couldNotRun);
};

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' } } });
} catch (err) {
  fail((err as Error).message);
}
if (parsed?.values.help) {
  process.stdout.write(USAGE);
  process.exit(EXIT.conformant);
}
const [out, ...files] = parsed?.positionals ?? [];
if (!out || files.length === 0) fail('needs an output folder and at least one compliance.json');
try {
  const merged = await mergeReports(files);
  await writeReportFiles(out as string, merged.fleet, { ...merged, runs: files.map((f) => dirname(f)) });
  process.stdout.write(toFleetSummary(merged.fleet, merged));
  process.stdout.write(`Reports: ${out}/compliance.md, ${out}/compliance.json, ${out}/junit.xml, ${out}/site/index.html\n`);
  if (merged.allureResults.length) {
    await mergeAllureResults(join(out as string, 'allure-results'), join(out as string, 'allure-report'), merged.allureResults, merged.fleet, merged.exitCode);
    process.stdout.write(`Allure, over every run's results: npx allure generate ${out}/allure-results -o ${out}/allure-report --clean\n`);
  }
  process.exitCode = merged.exitCode;
} catch (err) {
  fail((err as Error).message);
}
