import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemKeys } from '../../systems/index.ts';
import { compareWithBaseline, readBaseline } from '../baseline.ts';
import { deploymentsOf, readReport, type BaselineComparison, type Report } from '../document.ts';
import { SCRIPT, STYLE } from './assets.ts';
import { HISTORY_KEPT, historyRunOf, readFeatures, readHistory, readTranscripts, type HistoryRun } from './inputs.ts';
import { changesPage } from './changes-page.ts';
import { findPage } from './find-page.ts';
import { historyPage } from './history-page.ts';
import { indexPage } from './index-page.ts';
import { deploymentsIn, type SiteData } from './layout.ts';
import { systemPage } from './system-page.ts';

// The living-documentation site: static pages made from a compliance.json, the
// feature files and the run's transcripts, opened from disk with no server (every
// page carries its data; the one script and stylesheet sit beside them).

/** Whether a clause changed: against the baseline when there is one, else against the history's last run. */
function changeTest(data: SiteData, current: HistoryRun): (deployment: string, system: string, clause: string) => boolean {
  const c = data.comparison;
  const names = new Map(deploymentsIn(data.report).map((d) => [d.key, d.compliance.deployment]));
  if (c) {
    return (deployment, system, clause) => {
      const d = names.get(deployment);
      const mine = (x: { deployment?: string; system: string }) => x.system === system && x.deployment === d;
      return c.clauses.some((x) => mine(x) && x.clause === clause) || c.observations.some((x) => mine(x) && x.clauses.includes(clause));
    };
  }
  const previous = data.history.at(-1);
  return (deployment, system, clause) => {
    const was = previous?.statuses[deployment]?.[`${system}/${clause}`];
    return was !== undefined && was !== current.statuses[deployment]?.[`${system}/${clause}`];
  };
}

/** Every file of the site, by name: a pure function of its data. */
export function buildSite(data: SiteData): Map<string, string> {
  const current = historyRunOf(data.report);
  const files = new Map<string, string>([
    ['index.html', indexPage(data)],
    ['find.html', findPage(data, changeTest(data, current))],
    ['history.html', historyPage(data, current)],
    ['site.css', STYLE],
    ['site.js', SCRIPT],
    // Carried to the next run's site, as Allure carries its history.
    ['history.json', `${JSON.stringify([...data.history, current].slice(-HISTORY_KEPT))}\n`],
  ]);
  for (const key of systemKeys) files.set(`${key}.html`, systemPage(data, key));
  if (data.comparison) files.set('changes.html', changesPage(data));
  return files;
}

export interface SiteSources {
  /** The reports folder of the run (or of each run merged), where its cucumber messages are. */
  readonly runs?: readonly string[];
  readonly comparison?: BaselineComparison | undefined;
  /** A folder of earlier compliance.json files. */
  readonly history?: string;
}

/**
 * Writes the site of a report to `dir` (reports/site), replacing the previous one
 * but carrying its history.json forward. Returns the index page's path.
 */
export async function writeSite(dir: string, report: Report, sources: SiteSources = {}): Promise<string> {
  const names = deploymentsOf(report).flatMap((d) => d.deployment ?? []);
  const [features, history, transcriptSets] = await Promise.all([
    readFeatures(),
    readHistory({ carried: join(dir, 'history.json'), ...(sources.history ? { dir: sources.history } : {}) }),
    Promise.all((sources.runs ?? []).map((r) => readTranscripts(r, names))),
  ]);
  const transcripts = new Map(transcriptSets.flatMap((m) => [...m]));
  const comparison = sources.comparison ?? report.baseline;
  const files = buildSite({
    report,
    ...(comparison ? { comparison } : {}),
    features,
    transcripts,
    history: history.filter((h) => h.generatedAt !== report.generatedAt),
  });
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await Promise.all([...files].map(([name, text]) => writeFile(join(dir, name), text)));
  return join(dir, 'index.html');
}

/** The `site` command: the site of the run in `reports`, written to `reports/site`; returns the index page's path. */
export async function siteOfReports(options: { readonly reports: string; readonly baseline?: string; readonly history?: string }): Promise<string> {
  const report = await readReport(join(options.reports, 'compliance.json'), join(options.reports, 'compliance.json'));
  const comparison = options.baseline ? compareWithBaseline(await readBaseline(options.baseline), report) : undefined;
  return writeSite(join(options.reports, 'site'), report, {
    runs: [options.reports],
    ...(comparison ? { comparison } : {}),
    ...(options.history ? { history: options.history } : {}),
  });
}
