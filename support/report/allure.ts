import { cp, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redact } from '../http/redact/index.ts';

/**
 * Allure's categories, one for each kind of failure: a finding about the target, a
 * target that could not be read (its one-line message starts with `[system]`), or a
 * bug of the harness. Allure files a result under the first category that matches.
 */
export const CATEGORIES = [
  { name: 'Nonconformance: the target broke a documented rule', matchedStatuses: ['failed'] },
  { name: 'Broken target: unreachable, timed out or answered unreadably', matchedStatuses: ['broken'], messageRegex: '\\[[a-z-]+\\] .*' },
  { name: 'Harness defect', matchedStatuses: ['broken'] },
];

/** Carries the previous report's history into the new results, so Allure shows trends. */
export async function carryHistory(reportDir: string, resultsDir: string): Promise<void> {
  const history = join(reportDir, 'history');
  if (!(await stat(history).catch(() => undefined))) return;
  await mkdir(resultsDir, { recursive: true });
  await cp(history, join(resultsDir, 'history'), { recursive: true });
}

/** categories.json, environment.properties and executor.json beside the results. */
export async function writeAllureExtras(
  resultsDir: string,
  run: { mode: string; baseUrls: Readonly<Record<string, string | undefined>>; versions: Readonly<Record<string, string>> },
): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const env = {
    mode: run.mode,
    ...Object.fromEntries(Object.entries(run.baseUrls).flatMap(([k, v]) => (v ? [[`target.${k}`, baseUrlWithoutSecrets(v)]] : []))),
    ...Object.fromEntries(Object.entries(run.versions).map(([k, v]) => [`version.${k}`, v])),
  };
  const properties = Object.entries(env)
    .map(([k, v]) => `${k}=${String(v).replace(/[\\\n]/g, ' ')}`)
    .join('\n');
  const executor = {
    name: process.env.CI ? 'CI' : 'local',
    type: process.env.CI ? 'ci' : 'local',
    buildName: `logout conformance (${run.mode})`,
    reportName: 'Logout conformance',
  };
  await Promise.all([
    writeFile(join(resultsDir, 'categories.json'), JSON.stringify(CATEGORIES, null, 2)),
    writeFile(join(resultsDir, 'environment.properties'), `${properties}\n`),
    writeFile(join(resultsDir, 'executor.json'), JSON.stringify(executor, null, 2)),
  ]);
}

function baseUrlWithoutSecrets(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  return redact(u.href);
}
