import { setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import * as allure from 'allure-js-commons';
import type { Level } from '../clauses.ts';
import { HttpClient } from '../http/client.ts';
import { HarnessError } from '../http/errors.ts';
import { WorkingEndpoints } from '../verdicts.ts';
import { formatTranscript, type Exchange } from '../http/exchange.ts';
import { ManualClock } from '../simulation/clock.ts';
import { systems, type ClientOf, type ModelOf, type SystemKey } from '../systems/index.ts';
import { AFTER_THE_RUN, Cleanups, closingPlace, isAfterTheRun, isClosing } from './cleanups.ts';
import { SKIP_MEDIA_TYPE } from './skip.ts';
import { branchPath, inBranchOrder, runTogether, type Branches } from './together.ts';
import type { HarnessParameters } from './parameters.ts';
import { runOf, type RunState } from './run-state.ts';
import type { NotRun, ScenarioContext } from './stage.ts';
import { OBSERVATION_MEDIA_TYPE, Verifier, type Observation } from './verify.ts';

interface Connected<K extends SystemKey> {
  readonly client: ClientOf<K>;
  readonly model: ModelOf<K> | undefined;
}

/**
 * One scenario's world: its clients (created on first use), the simulator controls
 * when there is a simulator, the checks of its Then steps, and the stack of
 * closings run in After.
 */
export class ConformanceWorld extends World<HarnessParameters> {
  readonly run: RunState;
  readonly cleanups: Cleanups;
  readonly clock = new ManualClock();
  readonly exchanges: Exchange[] = [];
  readonly observations: Observation[] = [];
  /** Requests the simulators could not answer: a harness fault, never the target's. */
  readonly simulatorFaults: string[] = [];
  /** The pickle this world runs, set by the Before hook. */
  scenario = '';
  #level: Level = 'MUST';
  #notHeldShown = false;
  /** The scenario's name, set by the Before hook. */
  scenarioName = '';
  #verify = new Verifier('MUST', (o) => this.#observe(o));
  readonly #connections = new Map<SystemKey, Connected<SystemKey>>();
  readonly #basePaths = new Map<SystemKey, string>();
  readonly #scratch = new Map<string, unknown>();
  /** Evidence not yet attached: exchanges with the step that made them, and observations. */
  #unattached: { step: string; exchange: Exchange }[] = [];
  /** Exchanges made by the step still running, named when it ends. */
  #unnamed: Exchange[] = [];
  #unattachedObservations: Observation[] = [];
  /** Where in the clean-up order each exchange a closing made belongs. */
  readonly #places = new WeakMap<Exchange, number>();
  /** The `together` branch each exchange made in one came from. */
  readonly #branches = new WeakMap<Exchange, readonly number[]>();

  constructor(options: IWorldOptions<HarnessParameters>) {
    super(options);
    this.run = runOf();
    this.cleanups = new Cleanups(this.run.pending);
  }

  /** Set by the Before hook from the scenario's clause tags; decides whether a failed check throws. */
  set level(level: Level) {
    this.#level = level;
    this.#verify = new Verifier(level, (o) => this.#observe(o));
  }

  get level(): Level {
    return this.#level;
  }

  get verify(): Verifier {
    return this.#verify;
  }

  /** The system's client for this scenario. */
  client<K extends SystemKey>(key: K): ClientOf<K> {
    return this.#connect(key).client;
  }

  /** The simulator's controls. Scenarios that use them are tagged @simulator and skipped on a real target. */
  simulator<K extends SystemKey>(key: K): ModelOf<K> {
    const model = this.#connect(key).model;
    if (!model) throw new HarnessError(`this step needs the ${key} simulator's controls, and the target is real; tag the scenario @simulator`);
    return model;
  }

  /** Serves the simulator under another base path ('' for the site root). Only before first use. */
  relocate(key: SystemKey, basePath: string): void {
    if (this.#connections.has(key)) throw new HarnessError(`${key} is already connected; relocate it before the first request`);
    this.#basePaths.set(key, basePath);
  }

  /**
   * Ends the scenario as not verified, with the reason: what the targets file handed
   * the harness cannot be used (a session handed in that is no longer live). Return
   * what it returns from the step: cucumber then skips the rest.
   */
  notVerified(reason: string): 'skipped' {
    const notRun: NotRun = { kind: 'targets-entry', reason };
    this.attach(JSON.stringify(notRun), { mediaType: SKIP_MEDIA_TYPE, fileName: `not verified: ${reason}` });
    return 'skipped';
  }

  /** Lets time pass for the target: on the simulator's clock, or for real. */
  async elapse(ms: number): Promise<void> {
    await this.run.stage.elapse(ms, this.#context());
  }

  /** Per-scenario state a system's steps keep, created on first use. */
  scratch<T>(key: string, init: () => T): T {
    if (!this.#scratch.has(key)) this.#scratch.set(key, init());
    return this.#scratch.get(key) as T;
  }

  /**
   * What an earlier step of this scenario remembered, for a later step that needs
   * it: a step that finds none fails saying what it expected (`what`: "a Flexi
   * logout answer").
   */
  recall<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`no ${what} from an earlier step`);
    return value;
  }

  #context(key?: SystemKey): ScenarioContext {
    const basePath = key === undefined ? undefined : this.#basePaths.get(key);
    return { clock: this.clock, cleanups: this.cleanups, simulatorFaults: this.simulatorFaults, ...(basePath === undefined ? {} : { basePath }) };
  }

  #connect<K extends SystemKey>(key: K): Connected<K> {
    let connected = this.#connections.get(key) as Connected<K> | undefined;
    if (!connected) {
      const { stage } = this.run;
      const { config, model } = stage.connect(key, this.#context(key));
      const http = new HttpClient({
        system: key,
        baseUrl: config.baseUrl,
        timeoutMs: config.timeoutMs ?? stage.timeoutMs,
        dispatcher: stage.dispatcher,
        // A clean-up's requests still go when the run is interrupted: what was opened is closed.
        signal: () => (isClosing() ? undefined : this.run.interrupt.signal),
        closing: isClosing,
        record: (exchange) => this.#record(exchange),
        health: this.run.health(key),
        ...(stage.describeFailure ? { describeFailure: stage.describeFailure } : {}),
        track: (work) => {
          this.run.late.add(work);
          // Not `finally`: its promise would reject with the work's own failure, and nobody awaits it.
          const forget = () => void this.run.late.delete(work);
          work.then(forget, forget);
        },
      });
      const units = (pool: string): readonly number[] => this.run.assignment.get(this.scenario)?.[pool] ?? [];
      const together = <T extends readonly unknown[]>(...work: Branches<T>): Promise<T> => this.#together(work);
      const browser = stage.browser;
      const interrupt = this.run.interrupt.signal;
      const client = systems[key].connect(
        {
          http,
          cleanups: this.cleanups,
          afterTheRun: stage.sharedTargets ? this.run.afterTheRun : this.cleanups,
          units,
          together,
          endpoints: new WorkingEndpoints(),
          ...(browser
            ? {
                browser: {
                  signIn: (request) => browser.signIn({ ...request, signal: request.signal ? AbortSignal.any([request.signal, interrupt]) : interrupt }),
                },
              }
            : {}),
        },
        config as never,
      ) as ClientOf<K>;
      connected = { client, model };
      this.#connections.set(key, connected);
    }
    return connected;
  }

  /**
   * Attaches the evidence gathered since the last call: one transcript of the
   * exchanges and one list of observations. Called where the scenario ends (its
   * last or failing step, and After for the clean-up), so the evidence sits beside
   * the outcome. One attachment per scenario rather than per exchange: each becomes
   * a file in every report, and the files, not the requests, were most of a run.
   */
  attachEvidence(): void {
    this.stepEnded('clean-up');
    if (this.#unattached.length) {
      const n = this.#unattached.length;
      const transcript = this.run.evidence.spend(formatTranscript(this.#unattached));
      void this.attach(transcript, { mediaType: 'text/plain', fileName: `HTTP transcript: ${n} exchange${n === 1 ? '' : 's'}` });
      this.#unattached = [];
    }
    if (this.#unattachedObservations.length) {
      void this.attach(JSON.stringify(this.#unattachedObservations), { mediaType: OBSERVATION_MEDIA_TYPE, fileName: 'observations.json' });
      this.#unattachedObservations = [];
    }
  }

  /**
   * Puts the exchanges of closings that ran together back in the clean-up order,
   * so the evidence reads the same however their answers raced. Called once the
   * clean-up is over.
   */
  cleanupEnded(): void {
    const inOrder = (list: Exchange[]) => {
      const first = list.findIndex((e) => this.#places.has(e));
      if (first < 0) return;
      const tail = list.splice(first).map((e, i) => ({ e, i, place: this.#places.get(e) ?? Number.MAX_SAFE_INTEGER }));
      tail.sort((a, b) => a.place - b.place || a.i - b.i);
      list.push(...tail.map((t) => t.e));
    };
    inOrder(this.exchanges);
    inOrder(this.#unnamed);
  }

  /** Names the step that made the exchanges recorded since the last step ended. */
  stepEnded(step: string): void {
    for (const exchange of this.#unnamed) this.#unattached.push({ step, exchange });
    this.#unnamed = [];
  }

  /** Runs the branches at once; then their exchanges and closings are put back in branch order. */
  #together<T extends readonly unknown[]>(work: Branches<T>): Promise<T> {
    const exchanges = this.exchanges.length;
    const unnamed = this.#unnamed.length;
    const cleanups = this.cleanups.size;
    return runTogether(work, (depth) => {
      const pathOf = (e: Exchange) => this.#branches.get(e);
      inBranchOrder(this.exchanges, exchanges, depth, pathOf);
      inBranchOrder(this.#unnamed, unnamed, depth, pathOf);
      this.cleanups.inBranchOrder(cleanups, depth);
    });
  }

  #record(exchange: Exchange): void {
    if (isAfterTheRun()) return void this.run.onExchange?.(AFTER_THE_RUN, exchange);
    const place = closingPlace();
    if (place !== undefined) this.#places.set(exchange, place);
    const branch = branchPath();
    if (branch.length) this.#branches.set(exchange, branch);
    this.exchanges.push(exchange);
    this.run.onExchange?.(this.scenario, exchange);
    this.#unnamed.push(exchange);
  }

  #observe(observation: Observation): void {
    this.observations.push(observation);
    this.#unattachedObservations.push(observation);
    // An assumption that did not hold passes, and must not look like one that held. Said from
    // the step that saw it: Allure takes no renaming from an After hook.
    if (!observation.held && this.#level === 'ASSUMPTION' && !this.#notHeldShown) {
      this.#notHeldShown = true;
      void allure.displayName(`${this.scenarioName} — ASSUMPTION DID NOT HOLD`);
      void allure.label(allure.LabelName.TAG, 'assumption not held');
    }
  }
}

setWorldConstructor(ConformanceWorld);
