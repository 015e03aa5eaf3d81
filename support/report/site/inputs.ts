import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, type Background, type Envelope, type Scenario, type Step } from '@cucumber/messages';
import { Query } from '@cucumber/query';
import { clauseIds } from '../../clauses.ts';
import { isSystemKey, type SystemKey } from '../../systems/index.ts';
import { deploymentsOf, readReport, type Report } from '../document.ts';

// What the site reads besides compliance.json: the feature files (the rule in prose
// and the scenarios as Gherkin), the HTTP transcripts a run attached, and earlier
// runs for the history. Each reader turns files into plain data; the pages are
// made from that data by pure functions.

/** One line of a scenario as a reader sees it in the feature file. */
export interface GherkinLine {
  readonly indent: number;
  /** `Given `, `Scenario Outline:`, `Examples:`; none for a table row or a doc string line. */
  readonly keyword?: string;
  readonly text: string;
}

export interface ScenarioDoc {
  readonly name: string;
  readonly clauses: readonly string[];
  /** Where its scenarios run from (`features/flexi/logout.feature:17`; an outline has one per example row), as compliance.json locates them. */
  readonly locations: readonly string[];
  readonly gherkin: readonly GherkinLine[];
}

export interface FeatureDoc {
  /** `features/flexi/logout.feature` */
  readonly uri: string;
  readonly system: SystemKey | undefined;
  readonly name: string;
  /** The rule in prose (Markdown). */
  readonly description: string;
  readonly background: readonly GherkinLine[];
  readonly scenarios: readonly ScenarioDoc[];
}

export const FEATURES = fileURLToPath(new URL('../../../features/', import.meta.url));

function stepLines(steps: readonly Step[], indent: number): GherkinLine[] {
  return steps.flatMap((s) => [
    { indent, keyword: s.keyword, text: s.text },
    ...(s.docString
      ? [
          { indent: indent + 2, text: `"""${s.docString.mediaType ?? ''}` },
          ...s.docString.content.split('\n').map((text) => ({ indent: indent + 2, text })),
          { indent: indent + 2, text: '"""' },
        ]
      : []),
    ...(s.dataTable ? tableLines(s.dataTable.rows, indent + 2) : []),
  ]);
}

function tableLines(rows: readonly { cells: readonly { value: string }[] }[], indent: number): GherkinLine[] {
  const widths = rows.reduce<number[]>((w, r) => r.cells.map((c, i) => Math.max(w[i] ?? 0, c.value.length)), []);
  return rows.map((r) => ({ indent, text: `| ${r.cells.map((c, i) => c.value.padEnd(widths[i] ?? 0)).join(' | ')} |` }));
}

function scenarioDoc(uri: string, s: Scenario): ScenarioDoc {
  const rowLines = s.examples.flatMap((e) => e.tableBody.map((r) => r.location.line));
  return {
    name: s.name,
    clauses: clauseIds(s.tags),
    locations: (rowLines.length ? rowLines : [s.location.line]).map((line) => `${uri}:${line}`),
    gherkin: [
      ...(s.tags.length ? [{ indent: 0, text: s.tags.map((t) => t.name).join(' ') }] : []),
      { indent: 0, keyword: `${s.keyword}:`, text: ` ${s.name}` },
      ...stepLines(s.steps, 2),
      ...s.examples.flatMap((e) => [
        { indent: 2, keyword: `${e.keyword}:`, text: e.name ? ` ${e.name}` : '' },
        ...tableLines([...(e.tableHeader ? [e.tableHeader] : []), ...e.tableBody], 4),
      ]),
    ],
  };
}

const backgroundLines = (b: Background | undefined): GherkinLine[] =>
  b ? [{ indent: 0, keyword: `${b.keyword}:`, text: b.name ? ` ${b.name}` : '' }, ...stepLines(b.steps, 2)] : [];

/** One feature file, parsed by @cucumber/gherkin; `uri` as cucumber names it (relative to the project). */
export function parseFeature(uri: string, source: string): FeatureDoc {
  const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
  const feature = parser.parse(source).feature;
  if (!feature) return { uri, system: undefined, name: uri, description: '', background: [], scenarios: [] };
  const scenarios: ScenarioDoc[] = [];
  let background: GherkinLine[] = [];
  for (const child of feature.children) {
    if (child.background) background = backgroundLines(child.background);
    if (child.scenario) scenarios.push(scenarioDoc(uri, child.scenario));
    // A Rule's scenarios carry the Rule's tags too, as cucumber's pickles do.
    for (const r of child.rule?.children ?? [])
      if (r.scenario) scenarios.push(scenarioDoc(uri, { ...r.scenario, tags: [...(child.rule?.tags ?? []), ...r.scenario.tags] }));
  }
  const system = uri.split('/')[1];
  return {
    uri,
    system: system && isSystemKey(system) ? system : undefined,
    name: feature.name,
    description: feature.description
      .split('\n')
      .map((l) => l.replace(/^ {2}/, ''))
      .join('\n')
      .trim(),
    background,
    scenarios,
  };
}

/** Every feature under `features/`, in path order. */
export async function readFeatures(root: string = FEATURES): Promise<FeatureDoc[]> {
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.feature')).sort();
  return Promise.all(
    files.map(async (f) => parseFeature(`features/${relative(root, join(root, f)).split('\\').join('/')}`, await readFile(join(root, f), 'utf8'))),
  );
}

/** The HTTP transcripts of one run's cucumber messages, by scenario location (the pages cut them). */
export function transcriptsOf(ndjson: string): Map<string, string> {
  const query = new Query();
  for (const line of ndjson.split('\n')) if (line.trim()) query.update(JSON.parse(line) as Envelope);
  const out = new Map<string, string>();
  for (const finished of query.findAllTestCaseFinished().filter((f) => !f.willBeRetried)) {
    const pickle = query.findPickleBy(finished);
    if (!pickle) continue;
    const location = `${pickle.uri}:${query.findLocationOf(pickle)?.line ?? 0}`;
    const text = query
      .findTestStepsFinishedBy(finished)
      .flatMap((step) => query.findAttachmentsBy(step))
      .filter((a) => a.mediaType === 'text/plain' && a.fileName?.startsWith('HTTP transcript'))
      .map((a) => (a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body))
      .join('\n\n');
    if (text) out.set(location, text);
  }
  return out;
}

/** A run's transcripts from its reports folder (a fleet's: one folder per deployment below it), by deployment ('' for a single run). */
export async function readTranscripts(reports: string, deployments: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const found = new Map<string, Map<string, string>>();
  const read = async (key: string, path: string) => {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) found.set(key, transcriptsOf(text));
  };
  // A run of one named deployment (merged later into a fleet) keeps its messages at the top, its name in its compliance.json.
  const own = await readFile(join(reports, 'compliance.json'), 'utf8')
    .then((t) => (JSON.parse(t) as { deployment?: unknown }).deployment)
    .catch(() => undefined);
  await Promise.all([
    read(typeof own === 'string' ? own : '', join(reports, 'cucumber-messages.ndjson')),
    ...deployments.map((d) => read(d, join(reports, 'deployments', d, 'cucumber-messages.ndjson'))),
  ]);
  return found;
}

/** One earlier run, as the history keeps it: each clause's status per deployment. */
export interface HistoryRun {
  readonly generatedAt: string;
  readonly mode: string;
  /** deployment name ('' for a single run) → `system/clause` → status */
  readonly statuses: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Runs kept in the site's history.json, the newest last. */
export const HISTORY_KEPT = 50;

export function historyRunOf(report: Report): HistoryRun {
  return {
    generatedAt: report.generatedAt,
    mode: report.mode,
    statuses: Object.fromEntries(
      deploymentsOf(report).map((d) => [
        d.deployment ?? '',
        Object.fromEntries(d.systems.flatMap((s) => s.clauses.map((c) => [`${s.key}/${c.id}`, c.status]))),
      ]),
    ),
  };
}

const isHistoryRun = (v: unknown): v is HistoryRun =>
  typeof v === 'object' && v !== null && typeof (v as HistoryRun).generatedAt === 'string' && typeof (v as HistoryRun).statuses === 'object';

/**
 * Earlier runs: every compliance.json in `dir` (read by the one reader), and the
 * runs a previous site carried in its history.json; one per generatedAt, oldest first.
 */
export async function readHistory(sources: { readonly dir?: string; readonly carried?: string }): Promise<HistoryRun[]> {
  const runs: HistoryRun[] = [];
  if (sources.carried) {
    const text = await readFile(sources.carried, 'utf8').catch(() => undefined);
    try {
      const value: unknown = text === undefined ? [] : JSON.parse(text);
      if (Array.isArray(value)) runs.push(...value.filter(isHistoryRun));
    } catch {
      // A damaged history.json starts the history afresh rather than failing the run.
    }
  }
  if (sources.dir) {
    const files = (await readdir(sources.dir, { recursive: true })).filter((f) => f.endsWith('.json') && f !== 'history.json').sort();
    for (const f of files) runs.push(historyRunOf(await readReport(join(sources.dir, f), join(sources.dir, f))));
  }
  const byTime = new Map(runs.map((r) => [r.generatedAt, r]));
  return [...byTime.values()].sort((a, b) => (a.generatedAt < b.generatedAt ? -1 : a.generatedAt > b.generatedAt ? 1 : 0));
}
