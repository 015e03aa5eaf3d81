import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readBaseline } from '../report/baseline.ts';
import { isFleetTargets, loadTargetsFile, targetsPathFrom, type Deployment, type Targets } from '../targets/load.ts';
import { selectDeployments } from './deployments.ts';
import { takeReportsFolder, takeTargets } from './locks.ts';
import type { ConformanceOptions } from './options.ts';

// What a conformance run will do, read and checked before anything starts: its targets, deployments, baseline, profile and scenario filter.

/** Below the reports folder, a fleet's cucumber outputs, one folder per deployment. */
export const DEPLOYMENTS = 'deployments';

/** Files a run writes at the top of its reports folder; cleared first, so an unfinished run never leaves an older run's look current. */
const OUTPUTS = [
  'compliance.json',
  'compliance.md',
  'junit.xml',
  'cucumber-report.html',
  'cucumber-messages.ndjson',
  'allure.log',
  'allure-results',
  DEPLOYMENTS,
];

/**
 * The site's pages are a run's outputs too, cleared like the rest; its history.json
 * stays, for the next site to carry on (writeSite), as Allure's history does.
 */
async function clearSite(reports: string): Promise<void> {
  const dir = join(reports, 'site');
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n !== 'history.json').map((n) => rm(join(dir, n), { recursive: true, force: true })));
}

export interface Plan {
  readonly reports: string;
  /** One deployment's targets (a live run), or none: the simulators, or a fleet. */
  readonly targets: Targets | undefined;
  /** A fleet's deployments the run checks, each in a run of its own. */
  readonly deployments: readonly Deployment[] | undefined;
  readonly baseline: Awaited<ReturnType<typeof readBaseline>> | undefined;
  readonly profile: string;
  /** The tag expression the run narrows to (its systems and its tags). */
  readonly tags: string | undefined;
  readonly names: readonly string[];
}

/** The run's plan, or why it cannot run, in a sentence. */
export async function planRun(options: ConformanceOptions, env: NodeJS.ProcessEnv): Promise<Plan | { readonly problem: string }> {
  const targetsPath = options.targets ?? targetsPathFrom(env);
  const reports = options.reports ?? (env.CONFORMANCE_REPORTS || 'reports');
  const loaded = targetsPath ? await loadTargetsFile(targetsPath, env) : undefined;
  const fleet = loaded && isFleetTargets(loaded) ? loaded : undefined;
  const targets = loaded && !isFleetTargets(loaded) ? loaded : undefined;
  if (!fleet && (options.deployments || options.shard))
    return { problem: `${options.deployments ? '--deployments' : '--shard'} needs a targets file that names deployments` };
  const baseline = options.baseline ? await readBaseline(options.baseline) : undefined;
  const profile = options.profile ?? (loaded ? 'live' : 'default');
  if (loaded && profile !== 'live' && profile !== 'default')
    return { problem: `a targets file names real targets, but the ${profile} profile runs the simulators; use the default or live profile` };
  const selection = fleet
    ? selectDeployments(
        fleet.deployments.map((d) => d.name),
        options,
      )
    : undefined;
  if (selection?.unknown.length)
    return {
      problem: `--deployments: no deployment ${selection.unknown.map((n) => JSON.stringify(n)).join(', ')} in ${targetsPath}; it names ${fleet?.deployments.map((d) => d.name).join(', ')}`,
    };
  if (selection && selection.selected.length === 0)
    return { problem: `shard ${options.shard} of ${fleet?.deployments.length} deployments has none: use fewer shards` };
  const narrowing = [options.systems?.length ? options.systems.map((k) => `@${k}`).join(' or ') : undefined, options.tags].filter((t) => t !== undefined);
  const tags = narrowing.length > 1 ? narrowing.map((t) => `(${t})`).join(' and ') : narrowing[0];
  return {
    reports,
    targets,
    deployments: fleet && selection ? fleet.deployments.filter((d) => selection.selected.includes(d.name)) : undefined,
    baseline,
    profile,
    tags,
    names: options.cucumber?.names ?? [],
  };
}

/**
 * Takes the reports folder and every live target for this run alone, and clears
 * the outputs an earlier run left; the function returned gives them back.
 */
export async function takeForRun(plan: Plan): Promise<() => Promise<void>> {
  let release = await takeReportsFolder(plan.reports);
  const live = [...(plan.targets ? [plan.targets] : []), ...(plan.deployments ?? []).map((d) => d.targets)];
  if (live.length) {
    const releaseFolder = release;
    try {
      const releaseTargets = await takeTargets(live);
      release = async () => void (await Promise.all([releaseFolder(), releaseTargets()]));
    } catch (err) {
      await releaseFolder();
      throw err;
    }
  }
  try {
    await Promise.all([...OUTPUTS.map((f) => rm(join(plan.reports, f), { recursive: true, force: true })), clearSite(plan.reports)]);
  } catch (err) {
    await release();
    throw err;
  }
  return release;
}
