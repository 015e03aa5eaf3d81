import type { SignInBrowser } from '../browser/browser.ts';
import type { Compliance } from '../report/compliance.ts';
import type { BaselineComparison, FleetCompliance } from '../report/document.ts';
import type { ExitCode } from '../report/exit-codes.ts';
import type { PickleOrder } from '../harness/parameters.ts';
import type { SystemKey } from '../systems/index.ts';

// What a conformance run is asked to do (the command line's options) and what it answers.

export interface ConformanceOptions {
  /** A targets file: a live run. Else `CONFORMANCE_TARGETS`; neither: the built-in simulators. */
  readonly targets?: string;
  /** Where every report goes; else `CONFORMANCE_REPORTS`, else `reports`. */
  readonly reports?: string;
  readonly profile?: string;
  /** Only these systems' scenarios. */
  readonly systems?: readonly SystemKey[];
  readonly tags?: string;
  /** Live runs: include @slow scenarios (else `CONFORMANCE_SLOW=1`). */
  readonly slow?: boolean;
  /** Scenarios at once, as far as the systems' resource rules allow (1: one by one, in the features' order). */
  readonly concurrency?: number;
  /** After the summary, one line per scenario that did not pass. */
  readonly verbose?: boolean;
  /** Cucumber's own options, passed through. */
  readonly cucumber?: {
    readonly names?: readonly string[];
    readonly retry?: number;
    readonly formats?: readonly string[];
    readonly dryRun?: boolean;
    readonly order?: PickleOrder;
  };
  readonly env?: NodeJS.ProcessEnv;
  readonly out?: (text: string) => void;
  /** Aborted: the run is interrupted (SIGINT, SIGTERM); what is open is closed, the reports say so. */
  readonly signal?: AbortSignal;
  /** An earlier run's compliance.json to compare with. */
  readonly baseline?: string;
  /** A change against the baseline ends the run with `EXIT.changed` unless something worse happened. */
  readonly failOnChange?: boolean;
  /** Only these deployments of a fleet's targets file. */
  readonly deployments?: readonly string[];
  /** `i/n`: only the i-th of n shares of the (selected) deployments, by name. */
  readonly shard?: string;
  /** The browser a live run signs in with, the caller's to close (see RunOptions.browser); else each run launches its own. */
  readonly browser?: SignInBrowser;
}

export interface ConformanceOutcome {
  readonly exitCode: ExitCode;
  /** A run of one deployment's verdicts. */
  readonly compliance?: Compliance;
  /** A fleet run's. */
  readonly fleet?: FleetCompliance;
  readonly comparison?: BaselineComparison;
}
