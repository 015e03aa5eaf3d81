import { existsSync, readFileSync } from 'node:fs';
import { copyFile, cp, link, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SKIP_MEDIA_TYPE } from '../harness/skip.ts';
import { TargetError } from '../http/errors.ts';
import { redact } from '../http/redact/index.ts';
import { Nonconformance } from '../verdicts.ts';
import { PlainFileWriter } from './allure-writer.cjs';
import { CLAUSE_STATUSES, type SystemEntry, type Verdict } from './compliance.ts';
import { deploymentsOf, isFleet, type FleetCompliance } from './document.ts';
import type { Compliance } from './compliance.ts';
import { EXIT_MEANING, type ExitCode } from './exit-codes.ts';

// What Allure shows of a run besides its results: the verdicts on the overview (the
// environment widget's first rows, the executor's build), the categories, the trend.

/**
 * Allure's categories, one for each kind of verdict a scenario can show: a finding about
 * the target, a target that could not be read (its one-line message starts with
 * `[system]`), a bug of the harness, a scenario not verified or out of scope (its message
 * says which, and why). Allure files a result under the first category that matches.
 */
export const CATEGORIES = [
  { name: 'Nonconformance: the target broke a documented rule', matchedStatuses: ['failed'] },
  { name: 'Broken target: unreachable, timed out or answered unreadably', matchedStatuses: ['broken'], messageRegex: '\\[[a-z-]+\\] .*' },
  { name: 'Harness defect', matchedStatuses: ['broken'] },
  { name: 'Not verified: the scenario did not run, for the reason given', matchedStatuses: ['skipped'], messageRegex: 'not verified: .*' },
  { name: 'Out of scope', matchedStatuses: ['skipped'], messageRegex: 'out of scope: .*' },
];

/** The run's Allure results writer: a scenario's status is its verdict's (see the writer). `deployment`: a fleet's. */
export function allureWriter(resultsDir: string, deployment?: string): PlainFileWriter {
  const verdicts = { nonconformance: new Nonconformance('').name, target: new TargetError('', '', '').name, skipped: SKIP_MEDIA_TYPE };
  return new PlainFileWriter({ resultsDir, verdicts, ...(deployment ? { deployment } : {}) });
}

/** Carries the previous report's history into the new results, so Allure shows trends. */
export async function carryHistory(reportDir: string, resultsDir: string): Promise<void> {
  const history = join(reportDir, 'history');
  if (!(await stat(history).catch(() => undefined))) return;
  await mkdir(resultsDir, { recursive: true });
  await cp(history, join(resultsDir, 'history'), { recursive: true });
}

/** categories.json, environment.properties and executor.json beside the results, from the verdicts and the exit code they end in. */
export async function writeAllureExtras(resultsDir: string, report: Compliance | FleetCompliance, exitCode: ExitCode): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  await Promise.all([
    writeFile(join(resultsDir, 'categories.json'), JSON.stringify(CATEGORIES, null, 2)),
    writeFile(join(resultsDir, 'environment.properties'), allureEnvironment(report, versions())),
    writeFile(join(resultsDir, 'executor.json'), JSON.stringify(allureExecutor(report, exitCode), null, 2)),
  ]);
}

/** What a run writes beside its results, and Allure reads from each results folder: the extras and the history. */
const OWN = new Set(['categories.json', 'environment.properties', 'executor.json', 'history']);

/**
 * The Allure results of several runs (the shards of a fleet) as one run over them all
 * would have written them, in `resultsDir`: every run's results and attachments (linked,
 * else copied), the fleet's extras instead of each run's, and the history of the report
 * generated there before (`reportDir`), so the trend goes on.
 */
export async function mergeAllureResults(
  resultsDir: string,
  reportDir: string,
  runs: readonly string[],
  report: FleetCompliance,
  exitCode: ExitCode,
): Promise<void> {
  await rm(resultsDir, { recursive: true, force: true });
  await mkdir(resultsDir, { recursive: true });
  await carryHistory(reportDir, resultsDir);
  for (const run of runs) {
    for (const name of (await readdir(run)).filter((n) => !OWN.has(n))) {
      await link(join(run, name), join(resultsDir, name)).catch(() => copyFile(join(run, name), join(resultsDir, name)));
    }
  }
  await writeAllureExtras(resultsDir, report, exitCode);
}

// The overview's environment widget shows its first five rows: the worst verdicts go first.
const WORST_FIRST: readonly Verdict[] = ['nonconformant', 'broken', 'not-verified', 'conformant'];

/** A verdict and its MUST clauses by status, the clauses named but for those that passed: `nonconformant: MUST 10 passed, 1 failed (FLX-4), …`. */
export function verdictLine(s: SystemEntry): string {
  const counts = CLAUSE_STATUSES.filter((status) => status !== 'out-of-scope' && (status !== 'not-covered' || s.must[status].length)).map((status) => {
    const ids = s.must[status];
    return `${ids.length} ${status.replaceAll('-', ' ')}${ids.length && status !== 'passed' ? ` (${ids.join(', ')})` : ''}`;
  });
  const notHeld = s.assumptions.notHeld.length ? `; assumptions not held: ${s.assumptions.notHeld.join(', ')}` : '';
  return `${s.verdict}: MUST ${counts.join(', ')}${notHeld}`;
}

/**
 * environment.properties: a row per system in scope (per deployment × system in a fleet)
 * with its verdict, worst first; a deployment that could not run; then the mode, the
 * targets (their base URLs without credentials or query) and the versions. Every key and value through the redactor.
 */
export function allureEnvironment(report: Compliance | FleetCompliance, versions: Readonly<Record<string, string>>): string {
  const verdicts = deploymentsOf(report).flatMap((d) => {
    const at = d.deployment === undefined ? '' : `${d.deployment} / `;
    const problem = 'problem' in d && typeof d.problem === 'string' ? [{ rank: 0, key: d.deployment ?? '', value: `could not run: ${d.problem}` }] : [];
    return [
      ...problem,
      ...d.systems
        .filter((s) => s.verdict !== 'out-of-scope')
        .map((s) => ({ rank: WORST_FIRST.indexOf(s.verdict), key: `${at}${s.title}`, value: verdictLine(s) })),
    ];
  });
  const rows: [string, string][] = [
    ...verdicts.sort((a, b) => a.rank - b.rank).map(({ key, value }): [string, string] => [key, value]),
    ['mode', report.mode],
    ...deploymentsOf(report).flatMap((d) =>
      d.systems.flatMap((s): [string, string][] =>
        s.baseUrl ? [[`target.${d.deployment === undefined ? '' : `${d.deployment}.`}${s.key}`, baseUrlWithoutSecrets(s.baseUrl)]] : [],
      ),
    ),
    ...Object.entries(versions).map(([k, v]): [string, string] => [`version.${k}`, v]),
  ];
  return rows.map(([key, value]) => `${propertiesText(redact(key), true)}=${propertiesText(redact(value), false)}\n`).join('');
}

/** executor.json: the executor widget shows its build name, here the exit code and what it means. */
export function allureExecutor(report: Compliance | FleetCompliance, exitCode: ExitCode) {
  return {
    name: process.env.CI ? 'CI' : 'local',
    type: process.env.CI ? 'ci' : 'local',
    buildName: `Exit ${exitCode}: ${EXIT_MEANING[exitCode]}${isFleet(report) ? ` (${report.deployments.length} deployments)` : ''}`,
    reportName: 'Logout conformance',
  };
}

/**
 * A key or value as Java's Properties reads it (Allure's reader): ISO 8859-1, so anything
 * else as `\uXXXX`; backslashes, line breaks and a leading blank, `#` or `!` escaped, and in a
 * key the separators too. A target's text stays text: one line, read back as written.
 */
function propertiesText(text: string, key: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const code = text.charCodeAt(i);
    if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if ((key && /[ =:#!]/.test(c)) || (i === 0 && /[ #!]/.test(c))) out += `\\${c}`;
    else out += c;
  }
  return out;
}

function baseUrlWithoutSecrets(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  return redact(u.href);
}

/** Versions for the report's environment, found as Node finds the packages (npm may hoist them anywhere). */
function versions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const of = (name: string): string => {
    // A package's main entry sits somewhere below its folder; its package.json is at the top of it.
    let dir = dirname(require.resolve(name));
    while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist') || dir.endsWith('/lib')) dir = dirname(dir);
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  };
  const own = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return { harness: own.version, node: process.versions.node, cucumber: of('@cucumber/cucumber'), undici: of('undici'), nock: of('nock') };
}
