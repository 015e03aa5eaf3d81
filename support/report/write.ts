import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Compliance } from './compliance.ts';
import { isFleet, type BaselineComparison, type FleetCompliance } from './document.ts';
import { EXIT_MEANING, type ExitCode } from './exit-codes.ts';
import { toJunit } from './junit.ts';
import { toFleetMarkdown, toMarkdown } from './markdown.ts';
import { writeSite } from './site/index.ts';

/**
 * compliance.json, compliance.md, junit.xml and the site (site/index.html) of a run or a merge, from one model: a merge
 * writes what a single run would. `runs`: the reports folders whose HTTP transcripts the site shows (a run's own, else `dir`).
 */
export async function writeReportFiles(
  dir: string,
  report: Compliance | FleetCompliance,
  ending: { readonly exitCode: ExitCode; readonly comparison?: BaselineComparison | undefined; readonly runs?: readonly string[] },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const json = {
    ...report,
    exitCode: ending.exitCode,
    exitMeaning: EXIT_MEANING[ending.exitCode],
    ...(ending.comparison ? { baseline: ending.comparison } : {}),
  };
  await Promise.all([
    writeFile(join(dir, 'compliance.json'), `${JSON.stringify(json, null, 2)}\n`),
    writeFile(join(dir, 'compliance.md'), isFleet(report) ? toFleetMarkdown(report, ending.comparison) : toMarkdown(report, ending.comparison)),
    writeFile(join(dir, 'junit.xml'), toJunit(report)),
    writeSite(join(dir, 'site'), json, { runs: ending.runs ?? [dir] }),
  ]);
}
