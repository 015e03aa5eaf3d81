import { Writable } from 'node:stream';
import { loadConfiguration, loadSupport, runCucumber, type IRunEnvironment } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import type { HarnessParameters } from '../harness/stage.ts';
import { ResultCollector, type ScenarioResult } from './results.ts';

export interface RunOptions {
  /** cucumber.cjs profile; `default` unless given. */
  readonly profile?: string;
  /** A tag expression narrowing the run. */
  readonly tags?: string;
  readonly parameters?: HarnessParameters;
  /** Keep the profile's formatters (progress, Allure, …); off for the harness's own tests. */
  readonly formatters?: boolean;
  /** Match steps without running anything (to read the plan). */
  readonly dryRun?: boolean;
  readonly onMessage?: (envelope: Envelope) => void;
  readonly environment?: IRunEnvironment;
  /** Step definitions and hooks to load instead of the profile's (the bench's cucumber floor). */
  readonly steps?: readonly string[];
}

export interface RunOutcome {
  readonly success: boolean;
  readonly scenarios: readonly ScenarioResult[];
}

const SILENT = new URL('./silent-formatter.ts', import.meta.url).href;
const quiet = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

// Step definitions are ES modules: imported once per process, so the library they
// build is loaded once and reused by every run in it.
const supports = new Map<string, Awaited<ReturnType<typeof loadSupport>>>();

/** Runs the features in process and returns one result per scenario. */
export async function runSuite(options: RunOptions = {}): Promise<RunOutcome> {
  const environment: IRunEnvironment = options.formatters ? { ...options.environment } : { stdout: quiet(), stderr: quiet(), ...options.environment };
  const provided = {
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.parameters ? { worldParameters: options.parameters } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
  };
  const { runConfiguration } = await loadConfiguration({ profiles: [options.profile ?? 'default'], provided }, environment);
  const key = options.steps?.join('\n') ?? '';
  let support = supports.get(key);
  if (!support) {
    const steps = options.steps ? { ...runConfiguration.support, importPaths: [...options.steps], requirePaths: [], requireModules: [] } : runConfiguration.support;
    support = await loadSupport({ ...runConfiguration, support: steps }, environment);
    supports.set(key, support);
  }
  const collector = new ResultCollector();
  // Without formatters nothing is printed and no file is written: provided formats add
  // to the profile's, so they are dropped here, and the stdout one (cucumber always runs
  // one) listens to nothing.
  const formats = options.formatters ? runConfiguration.formats : { ...runConfiguration.formats, stdout: SILENT, files: {} };
  const { success } = await runCucumber({ ...runConfiguration, formats, support }, environment, (envelope) => {
    collector.onMessage(envelope);
    options.onMessage?.(envelope);
  });
  return { success, scenarios: collector.results };
}
