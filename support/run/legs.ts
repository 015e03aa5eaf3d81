import { extname, join } from 'node:path';
import { Writable } from 'node:stream';
import type { Stage } from '../harness/stage.ts';
import { HttpClient } from '../http/client.ts';
import { redact } from '../http/redact/index.ts';
import { buildCompliance, type Compliance } from '../report/compliance.ts';
import type { DeploymentEntry } from '../report/document.ts';
import { EXIT, exitCodeOf } from '../report/exit-codes.ts';
import { systems, isSystemKey } from '../systems/index.ts';
import type { Deployment, Targets } from '../targets/load.ts';
import type { ConformanceOptions } from './options.ts';
import { DEPLOYMENTS, type Plan } from './plan.ts';
import { quiet, SuiteRun, type RunOutcome } from './run.ts';

// Runs the features for a conformance run: one deployment (or the simulators) in one SuiteRun, or a fleet's deployments each in its own, all at once.

/** What one SuiteRun of the run needs besides the run's own options. */
interface Leg {
  readonly targets: Targets | undefined;
  readonly profile: string;
  /** Where cucumber's own outputs go. */
  readonly reports: string;
  readonly deployment?: { readonly name: string; readonly allureResults: string };
  readonly stdout: Writable;
}

/** Starts a SuiteRun of the run; `track` sees it while it runs (to interrupt it) and gives back its outcome. */
export type Track = (run: SuiteRun) => Promise<RunOutcome>;

function startLeg(options: ConformanceOptions, plan: Plan, l: Leg, track: Track): Promise<RunOutcome> {
  const { tags, names } = plan;
  const env = options.env ?? process.env;
  const run = new SuiteRun({
    profile: l.profile,
    reports: l.reports,
    ...(l.deployment ? { deployment: l.deployment } : {}),
    ...(options.cucumber?.retry ? { retry: options.cucumber.retry } : {}),
    ...(options.cucumber?.formats?.length ? { formats: options.cucumber.formats.map((f) => (l.deployment ? perDeployment(f, l.deployment.name) : f)) } : {}),
    ...(options.cucumber?.dryRun ? { dryRun: true } : {}),
    ...(options.cucumber?.order ? { order: options.cucumber.order } : {}),
    ...(options.verbose ? { verbose: true } : {}),
    environment: { env, stdout: l.stdout },
    ...(tags ? { tags } : {}),
    ...(names.length ? { names } : {}),
    ...(l.targets ? { targets: l.targets } : {}),
    parameters: {
      ...(l.targets ? { mode: 'live' as const } : {}),
      ...(options.slow ? { slow: true } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    },
    ...(l.targets ? { beforeScenarios: (stage: Stage) => preflight(l.targets as Targets, stage) } : {}),
    ...(options.browser ? { browser: options.browser } : {}),
  });
  return track(run);
}

/** What the report says of the run besides its scenarios. */
export const contextOf = (outcome: RunOutcome, tags: string | undefined) => ({
  mode: outcome.mode,
  baseUrls: outcome.baseUrls,
  ...(tags ? { tags } : {}),
  interrupted: outcome.interrupted,
  afterRun: outcome.afterRun,
});

/** The run of one deployment, or of the simulators; cucumber's progress goes to `out`. */
export function runOne(options: ConformanceOptions, plan: Plan, out: (text: string) => void, track: Track): Promise<RunOutcome> {
  // Cucumber's progress goes where the summary goes; a fleet's runs would interleave theirs, so each says when it is done instead.
  const progress = new Writable({ write: (chunk, _encoding, done) => void (out(String(chunk)), done()) });
  return startLeg(options, plan, { targets: plan.targets, profile: plan.profile, reports: plan.reports, stdout: progress }, track);
}

/** Every chosen deployment of a fleet at once, each with its verdicts and exit code; one that cannot be reached is broken, not the fleet. */
export async function runFleet(
  options: ConformanceOptions,
  plan: Plan,
  chosen: readonly Deployment[],
  out: (text: string) => void,
  track: Track,
): Promise<{ entry: DeploymentEntry; outcome?: RunOutcome }[]> {
  const { reports, profile, tags } = plan;
  out(`Checking ${chosen.length} deployment${chosen.length === 1 ? '' : 's'} at once: ${chosen.map((d) => d.name).join(', ')}\n`);
  return Promise.all(
    chosen.map(async (d): Promise<{ entry: DeploymentEntry; outcome?: RunOutcome }> => {
      try {
        const outcome = await startLeg(
          options,
          plan,
          {
            targets: d.targets,
            profile,
            reports: join(reports, DEPLOYMENTS, d.name),
            deployment: { name: d.name, allureResults: join(reports, 'allure-results') },
            stdout: quiet(),
          },
          track,
        );
        const compliance: Compliance = buildCompliance(outcome.scenarios, contextOf(outcome, tags));
        // A deployment without any system the run selected (--systems, --tags) has nothing to say: it does not decide the fleet's code.
        const selected = compliance.systems.some((s) => s.verdict !== 'out-of-scope') || compliance.harnessFaults.length > 0;
        const entry = { deployment: d.name, ...compliance, exitCode: selected ? exitCodeOf(compliance) : EXIT.conformant };
        out(`  ${d.name}: exit ${entry.exitCode}\n`);
        return { entry, outcome };
      } catch (err) {
        if (!(err instanceof Unreachable)) throw err;
        // One deployment that cannot be reached must not keep the others from being checked.
        out(`  ${d.name}: ${redact(err.message)}\n`);
        return {
          entry: {
            deployment: d.name,
            generatedAt: new Date().toISOString(),
            mode: 'live',
            systems: [],
            harnessFaults: [],
            afterRun: [],
            exitCode: EXIT.broken,
            problem: err.message,
          },
        };
      }
    }),
  );
}

/**
 * An extra formatter's file for one deployment of a fleet, named after it
 * (`out.json` becomes `out.eu-prod.json`): the deployments run at once, and would
 * otherwise write over each other's.
 */
export function perDeployment(format: string, deployment: string): string {
  const at = format.indexOf(':');
  if (at < 0) return format;
  const path = format.slice(at + 1);
  const ext = extname(path);
  return `${format.slice(0, at)}:${path.slice(0, path.length - ext.length)}.${deployment}${ext}`;
}

/** A target that does not answer at all: broken, not a harness failure. */
export class Unreachable extends Error {}

/** A live run starts only when every named target answers at all (any HTTP status will do), on the run's own connections. */
async function preflight(targets: Targets, stage: Stage): Promise<void> {
  await Promise.all(
    Object.entries(targets.systems).map(async ([key, target]) => {
      if (!isSystemKey(key) || !target) return;
      const http = new HttpClient({
        system: key,
        baseUrl: target.baseUrl,
        timeoutMs: target.timeoutMs ?? stage.timeoutMs,
        dispatcher: stage.dispatcher,
        record: () => {},
      });
      try {
        await http.send({ method: 'GET', path: '/' });
      } catch (err) {
        throw new Unreachable(`${systems[key].title} unreachable before any scenario: ${(err as Error).message}`);
      }
    }),
  );
}
