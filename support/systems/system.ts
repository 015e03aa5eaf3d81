import type { JSONSchemaType } from 'ajv';
import type { SignInBrowser } from '../browser/browser.ts';
import type { Clause } from '../clauses.ts';
import type { HttpClient } from '../http/client.ts';
import type { Clock } from '../simulation/clock.ts';
import type { RouteTable } from '../simulation/route-table.ts';
import type { WorkingEndpoints } from '../verdicts.ts';

/** What every target needs, whatever the system. */
export interface TargetConfig {
  readonly baseUrl: string;
  readonly timeoutMs?: number;
}

/** A system's own fields of a targets entry: all but the ones every entry has. */
export type OwnFields<Config extends TargetConfig> = Omit<Config, 'baseUrl' | 'timeoutMs'>;

/**
 * The JSON Schema of a system's own fields, typed by its config: the compiler keeps
 * the two in step. (ajv's typed schemas mark an optional field `nullable`; the
 * targets loader drops a null field, so it means "not given".)
 */
export type TargetSchema<Config extends TargetConfig = TargetConfig> = JSONSchemaType<OwnFields<Config>>;

/** A deliberate bug a simulator can be switched into, to show the suite catches it. */
export interface Defect {
  /** The MUST clause this defect breaks; the negative-control test checks the suite fails there. */
  readonly clause: string;
  readonly description: string;
}

/**
 * Something a real deployment may legally do differently from the simulator's
 * default (the documents leave it open): the suite must read it as conformant.
 */
export interface Variation {
  readonly description: string;
}

export interface SimulationOptions {
  readonly clock: Clock;
  /** Names of this system's defects to switch on. */
  readonly defects: ReadonlySet<string>;
  /** Names of this system's variations to switch on. */
  readonly variations: ReadonlySet<string>;
}

/**
 * Where a client registers the closing of whatever it opens, the moment it opens
 * it. A closing that finds the target breaking a documented rule throws a
 * `Nonconformance` naming the clause; any other error means it could not close.
 */
export interface Deferrer {
  /**
   * `alongside`: this closing is independent of the others marked so (it closes a
   * different user's or session's state), and runs at the same time as the ones
   * next to it on the stack; unmarked closings keep their place in the order.
   */
  defer(label: string, run: () => unknown, options?: { readonly alongside?: boolean }): void;
}

/**
 * How a scenario uses one resource of its target while it runs: alone
 * (`exclusive`), alongside others that share it (`shared`), or a number of units of
 * a counted pool such as licence seats.
 */
export type Take = 'exclusive' | 'shared' | number;

/**
 * What the steps matching `step` take on the target. Every step of every scenario
 * must match at least one rule of its system (`takes: {}` says, on purpose, that a
 * step takes nothing), so no scenario runs unconstrained by oversight.
 */
export interface ResourceRule {
  readonly step: RegExp;
  readonly takes: Readonly<Record<string, Take>>;
  /**
   * About how many round trips such a step waits for, when far more than one: what
   * spreading scenarios over a pool's accounts evens out (a step counts 1 otherwise).
   */
  readonly weight?: number;
}

/** Which scenarios of a system may run at the same time against one target. */
export interface ResourceRules<Config> {
  readonly rules: readonly ResourceRule[];
  /** The size of each counted pool on this target (a pool a scenario names is otherwise taken whole). */
  pools?(config: Config): Readonly<Record<string, number>>;
  /**
   * Counted pools whose units are told apart: test accounts of the same rights. Each
   * scenario is given its own units before the run starts (by the features' order,
   * so the same whatever the concurrency); its client signs in as them
   * (`ScenarioServices.units`), and scenarios given different ones run side by side.
   */
  readonly accounts?: readonly string[];
}

/** What a client gets from the scenario it serves. */
export interface ScenarioServices {
  readonly http: HttpClient;
  /** Everything the client opens registers its closing here, at once. */
  readonly cleanups: Deferrer;
  /**
   * The units of an account pool (ResourceRules.accounts) this scenario was given,
   * as indexes into the pool: which of the target's test accounts it signs in as.
   * None when its resource rules take none of the pool.
   */
  units(pool: string): readonly number[];
  /**
   * Sends requests that do not depend on each other at once: runs every branch, waits
   * for all, and throws the first failure in the order given. The scenario's evidence
   * and clean-ups read as if the branches had run one after another, in that order.
   */
  together<T extends readonly unknown[]>(...work: { readonly [K in keyof T]: () => Promise<T[K]> }): Promise<T>;
  /** The endpoints of this target the run has seen answer as documented: what `judged` (verdicts.ts) decides by. */
  readonly endpoints: WorkingEndpoints;
  /** The run's browser, for a sign-in through a login form (SAML, an OAuth authorization code); only on a live stage. An interrupt ends its sign-ins. */
  readonly browser?: SignInBrowser;
}

/**
 * One vendor system: its clauses, its simulator and its client, under one key used
 * everywhere (feature folder, tag, catalog, client, simulator).
 */
export interface SystemDefinition<Config extends TargetConfig, Model, Client> {
  readonly key: string;
  readonly title: string;
  /** Where the simulator is mounted below its host by default ('' for the site root). */
  readonly basePath: string;
  readonly clauses: readonly Clause[];
  readonly defects: Readonly<Record<string, Defect>>;
  /** What the simulator can vary within the documents (`npm test` runs the suite with all of them on). */
  readonly variations: Readonly<Record<string, Variation>>;
  /**
   * JSON Schema of this system's entry in a targets file (without `baseUrl` and
   * `timeoutMs`, which every entry has). Any string in the file may instead be
   * `{"env": "NAME"}`; that is resolved before validation.
   */
  readonly targetSchema: TargetSchema<Config>;
  /**
   * A fresh simulator: its model (whose methods are the controls steps use), the
   * route table over it, and a target config naming the users it was seeded with.
   */
  simulate(options: SimulationOptions): {
    model: Model;
    config: Omit<Config, 'baseUrl'>;
    /**
     * Other applications of the same simulator, each as a target of its own, by name
     * (`saml`: one whose users sign in through the simulator's IdP). Only served
     * simulators offer them (`npm run simulate` writes a targets file for each).
     */
    alternatives?: Readonly<Record<string, Omit<Config, 'baseUrl'>>>;
  };
  /** The simulator's HTTP face, one table for every model. */
  readonly routes: RouteTable<Model>;
  connect(services: ScenarioServices, config: Config): Client;
  /**
   * Why a live run cannot verify a scenario with these tags against this target,
   * beyond the generic reasons (@simulator, @slow, a missing @needs entry); e.g. a
   * scenario for the other form of URL than the target has.
   */
  notVerifiedLive?(config: Config, tags: readonly string[]): string | undefined;
  /** Whether the target stands in for an optional entry (`@needs:<entry>`) by other means, without it. */
  provides?(config: Config, entry: string): boolean;
  /** What its scenarios take on the target, for running them side by side. */
  readonly resources: ResourceRules<Config>;
  /** Sessions, tickets and tokens the model still holds open: the leak checks read it after a run. */
  openSessions(model: Model): number;
}
