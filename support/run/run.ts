import { extname, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  loadConfiguration,
  loadSources,
  loadSupport,
  runCucumber,
  type IConfiguration,
  type IRunConfiguration,
  type IRunEnvironment,
} from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import type { SignInBrowser } from '../browser/browser.ts';
import type { CleanupProblem, Cleanups } from '../harness/cleanups.ts';
import { openStage } from '../harness/open-stage.ts';
import { DEFAULT_CONCURRENCY, type HarnessParameters, type Mode, type PickleOrder } from '../harness/parameters.ts';
import { inRun, newRunState, type RunState } from '../harness/run-state.ts';
import type { Stage } from '../harness/stage.ts';
import type { Exchange } from '../http/exchange.ts';
import { allureWriter } from '../report/allure.ts';
import { ResultCollector, type ScenarioResult } from '../report/results.ts';
import { internalsProblem } from './scheduler.ts';
import type { Targets } from '../targets/load.ts';

export interface RunOptions {
  /** cucumber.cjs profile; `default` unless given. */
  readonly profile?: string;
  /** A tag expression narrowing the run. */
  readonly tags?: string;
  /** Scenario name patterns narrowing the run (cucumber's --name). */
  readonly names?: readonly string[];
  readonly parameters?: HarnessParameters;
  /** Targets already loaded and checked (a live run); else the parameters or the environment name a file. */
  readonly targets?: Targets;
  /** Where the reports go (progress on stdout, HTML, messages, Allure results); none when absent. */
  readonly reports?: string;
  /** Match steps without running anything (to read the plan). */
  readonly dryRun?: boolean;
  /** Cucumber's retry of a failing scenario. */
  readonly retry?: number;
  /** Cucumber's order of the scenarios; side by side they are offered in it too (scheduler.ts). */
  readonly order?: PickleOrder;
  /** Extra cucumber formatters, `name` or `name:path`. */
  readonly formats?: readonly string[];
  /** Cucumber's own progress printer, every failure in full, instead of one mark per scenario. */
  readonly verbose?: boolean;
  readonly onMessage?: (envelope: Envelope) => void;
  readonly environment?: IRunEnvironment;
  /** One deployment of a fleet: its Allure results go to the fleet's folder, labelled with its name. */
  readonly deployment?: { readonly name: string; readonly allureResults: string };
  /** Sees every exchange as it ends, with the id of the scenario (pickle) that made it, or AFTER_THE_RUN (the bench times them). */
  readonly onExchange?: (scenario: string, exchange: Exchange) => void;
  /** Called with the stage once it is open, before any scenario (the live pre-flight). */
  readonly beforeScenarios?: (stage: Stage) => Promise<void>;
  /** The browser a live run signs in with, the caller's to close: runs one after another share its launch. Without it a live run launches its own at its first sign-in and closes it with its stage. */
  readonly browser?: SignInBrowser;
}

export interface RunOutcome {
  readonly success: boolean;
  readonly mode: Mode;
  readonly baseUrls: Stage['baseUrls'];
  readonly scenarios: readonly ScenarioResult[];
  /** Every exchange, one list per scenario, when the parameters asked to keep them. */
  readonly exchanges: readonly Exchange[][];
  readonly interrupted: boolean;
  /** What went wrong closing, after the scenarios, what late answers had opened. */
  readonly afterRun: readonly CleanupProblem[];
}

/**
 * Before the stage closes: answers still coming in after their timeout are read, and
 * every closing still pending — what such an answer opened — is run.
 */
async function closeWhatIsLeft(state: RunState): Promise<CleanupProblem[]> {
  while (state.late.size) await Promise.allSettled([...state.late]);
  // Scenarios' stacks side by side, each in its own order: a slow target's patience is paid once, not once per scenario.
  return (await Promise.all([...state.pending].map((cleanups) => cleanups.run()))).flat();
}

/** `name` or `name:path`, a relative path from where the command was started. */
const userFormat = (format: string): string | [string, string] => {
  const at = format.indexOf(':');
  return at < 0 ? format : [format.slice(0, at), resolve(format.slice(at + 1))];
};

// Beside this module, as .ts in a checkout and .js in the installed package.
const PROGRESS = fileURLToPath(new URL(`./progress${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
// The plugin that gives each scenario its test accounts before the run (a file URL: cucumber imports it).
const ACCOUNTS = new URL(`./accounts-plugin${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;

/** The run's own plugins after any the configuration names. */
const withAccounts = (plugins: IRunConfiguration['plugins']): NonNullable<IRunConfiguration['plugins']> => ({
  specifiers: [...(plugins?.specifiers ?? []), ACCOUNTS],
  options: plugins?.options ?? {},
});

/** A stream that takes whatever is written and keeps none of it. */
export const quiet = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

// Step definitions are ES modules: imported once per process, so the library they
// build is loaded once and reused by every run in it.
let support: Promise<Awaited<ReturnType<typeof loadSupport>>> | undefined;

// How many scenarios a selection holds, read once per process for each selection: a
// run's features do not change under it, and reading them parses every feature file
// (which the run itself does again).
const counted = new Map<string, Promise<number>>();
const selectedCount = (sources: IRunConfiguration['sources'], environment: IRunEnvironment): Promise<number> => {
  const key = JSON.stringify([environment.cwd, sources]);
  let count = counted.get(key);
  if (!count) {
    count = loadSources(sources, { ...environment, stdout: quiet(), stderr: quiet() }).then(({ plan }) => plan.length);
    counted.set(key, count);
  }
  return count;
};

/**
 * One run of the features: opens the stage (where the systems run), runs cucumber
 * with the run's own reports folder, closes the stage, and returns everything the
 * run learned. `interrupt()` stops it starting scenarios and requests; what is open
 * is still closed.
 */
export class SuiteRun {
  readonly done: Promise<RunOutcome>;
  readonly #interrupt = new AbortController();
  #state: RunState | undefined;

  constructor(options: RunOptions = {}) {
    this.done = this.#run(options);
  }

  /** Scenarios not yet started are skipped; running ones end at their next request, and their clean-ups run. */
  interrupt(reason = 'the run was interrupted'): void {
    this.#interrupt.abort(reason);
  }

  /** Clean-up stacks of this run not yet run (a second interrupt closes them without waiting). */
  get pending(): readonly Cleanups[] {
    return [...(this.#state?.pending ?? [])];
  }

  async #run(options: RunOptions): Promise<RunOutcome> {
    // Cucumber reads cucumber.cjs and the features from the package's own folder, also when installed elsewhere.
    const base: IRunEnvironment = { cwd: fileURLToPath(new URL('../../', import.meta.url)), ...options.environment };
    const environment: IRunEnvironment = options.reports ? base : { stdout: quiet(), stderr: quiet(), ...base };
    const reports = options.reports === undefined ? undefined : resolve(options.reports);
    const parameters: HarnessParameters = { ...options.parameters };
    const resultsDir = options.deployment ? resolve(options.deployment.allureResults) : `${reports}/allure-results`;
    const writer = reports ? allureWriter(resultsDir, options.deployment?.name) : undefined;
    const provided = {
      ...(options.tags ? { tags: options.tags } : {}),
      ...(options.names?.length ? { name: [...options.names] } : {}),
      ...(options.dryRun ? { dryRun: true } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.order ? { order: options.order } : {}),
      worldParameters: parameters,
      ...(reports
        ? {
            format: [
              options.verbose ? 'progress' : PROGRESS,
              ['allure-cucumberjs/reporter', `${reports}/allure.log`],
              ['html', `${reports}/cucumber-report.html`],
              ['message', `${reports}/cucumber-messages.ndjson`],
              ...(options.formats ?? []).map(userFormat),
            ] as (string | [string, string])[],
            // The writer is an object, not JSON: cucumber hands format options to formatters as they are.
            formatOptions: { resultsDir, writer } as unknown as IConfiguration['formatOptions'],
          }
        : {}),
    };
    const { runConfiguration } = await loadConfiguration({ profiles: [options.profile ?? 'default'], provided }, environment);
    // Nothing selected: nothing to open, run or report.
    if ((await selectedCount(runConfiguration.sources, environment)) === 0)
      return {
        success: false,
        mode: options.targets ? 'live' : (options.parameters?.mode ?? 'simulated'),
        baseUrls: {},
        scenarios: [],
        exchanges: [],
        interrupted: false,
        afterRun: [],
      };
    if (internalsProblem && (parameters.concurrency ?? DEFAULT_CONCURRENCY) > 1) throw new Error(internalsProblem);
    support ??= loadSupport(runConfiguration, environment);
    const stage = await openStage(parameters, environment.env ?? process.env, options.targets, options.browser);
    const state: RunState = newRunState(stage, { ...parameters, order: runConfiguration.sources.order }, this.#interrupt, options.onExchange);
    this.#state = state;
    // Cucumber listens for uncaught exceptions once per step under way: as many at once as
    // scenarios run side by side, which Node would otherwise warn about past ten.
    process.setMaxListeners(process.getMaxListeners() + state.concurrency);
    const collector = new ResultCollector();
    const pickles: string[] = [];
    const files: string[] = [];
    try {
      await options.beforeScenarios?.(stage);
      const library = await support;
      const { success } = await inRun(state, () =>
        runCucumber({ ...runConfiguration, support: library, plugins: withAccounts(runConfiguration.plugins) }, environment, (envelope) => {
          if (envelope.pickle) {
            pickles.push(envelope.pickle.id);
            if (!files.includes(envelope.pickle.uri)) files.push(envelope.pickle.uri);
          }
          collector.onMessage(envelope);
          options.onMessage?.(envelope);
        }),
      );
      await writer?.settled();
      const afterRun = await closeWhatIsLeft(state);
      const exchanges = pickles.flatMap((id) => {
        const kept = state.exchanges?.get(id);
        return kept ? [kept] : [];
      });
      return {
        success,
        mode: stage.mode,
        baseUrls: stage.baseUrls,
        scenarios: inFeatureOrder(collector.results(), files),
        exchanges,
        interrupted: this.#interrupt.signal.aborted,
        afterRun,
      };
    } finally {
      process.setMaxListeners(process.getMaxListeners() - state.concurrency);
      await stage.close();
    }
  }
}

/**
 * Scenarios in the order the features list them, whatever order they ended in
 * (side by side they end in any), so every report reads alike at any concurrency.
 * Those the tag filter left out stay last, as the collector gives them.
 */
function inFeatureOrder(results: readonly ScenarioResult[], files: readonly string[]): ScenarioResult[] {
  const at = (location: string): [number, number] => {
    const colon = location.lastIndexOf(':');
    return [files.indexOf(location.slice(0, colon)), Number(location.slice(colon + 1))];
  };
  const ran = results.filter((r) => r.notRun?.kind !== 'not-selected');
  const sorted = ran
    .map((r) => ({ r, key: at(r.location) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1])
    .map(({ r }) => r);
  return [...sorted, ...results.filter((r) => r.notRun?.kind === 'not-selected')];
}

/** Runs the features in process and returns one result per scenario. */
export const runSuite = (options: RunOptions = {}): Promise<RunOutcome> => new SuiteRun(options).done;
