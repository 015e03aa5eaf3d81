import { Query } from '@cucumber/query';
import { TestStepResultStatus, type Attachment, type Envelope, type Pickle } from '@cucumber/messages';
import { clauseIds } from '../clauses.ts';
import type { CleanupProblem } from '../harness/cleanups.ts';
import { CLEANUP_MEDIA_TYPE, SKIP_MEDIA_TYPE } from '../harness/skip.ts';
import type { NotRun } from '../harness/stage.ts';
import { OBSERVATION_MEDIA_TYPE, type Observation } from '../harness/verify.ts';
import { isSystemKey, type SystemKey } from '../systems/index.ts';

/**
 * What one scenario showed, in the words of a verdict:
 * - `passed`: its checks ran and held;
 * - `failed`: the target broke a documented rule (a nonconformance);
 * - `broken`: the target could not be reached or read; nothing was shown;
 * - `harness`: the harness itself failed (a bug, an undefined step): nothing was shown;
 * - `not-verified`: it did not run in this mode or with this targets file (`notRun` says why);
 * - `out-of-scope`: its system is not a target of the run, or the tag filter left it out.
 */
export type Outcome = 'passed' | 'failed' | 'broken' | 'harness' | 'not-verified' | 'out-of-scope';

export interface ScenarioResult {
  readonly name: string;
  /** `features/acumatica/sign-out.feature:14` */
  readonly location: string;
  readonly tags: readonly string[];
  readonly system: SystemKey | undefined;
  readonly clauses: readonly string[];
  readonly outcome: Outcome;
  /** The first error, one line, already redacted where it was raised. */
  readonly error?: { readonly type: string; readonly message: string };
  /** Why it did not run. */
  readonly notRun?: NotRun | { readonly kind: 'not-selected'; readonly reason: string };
  readonly observations: readonly Observation[];
  /** What went wrong while closing what it opened. */
  readonly cleanup: readonly CleanupProblem[];
  readonly durationMs: number;
}

const NOT_SELECTED = { kind: 'not-selected', reason: 'not selected by the tag filter' } as const;

function outcomeOf(status: TestStepResultStatus | undefined, errorType: string | undefined, notRun: NotRun | undefined): Outcome {
  switch (status) {
    case TestStepResultStatus.PASSED:
      return 'passed';
    case TestStepResultStatus.SKIPPED:
      return notRun?.kind === 'out-of-scope' ? 'out-of-scope' : 'not-verified';
    case TestStepResultStatus.FAILED:
      return errorType === 'Nonconformance' ? 'failed' : errorType === 'TargetError' ? 'broken' : 'harness';
    default:
      // undefined, pending or ambiguous steps, or a result that never came: the harness's fault.
      return 'harness';
  }
}

const parse = <T>(attachment: Attachment): T =>
  JSON.parse(attachment.contentEncoding === 'BASE64' ? Buffer.from(attachment.body, 'base64').toString('utf8') : attachment.body) as T;

const toMs = (d: { seconds: number; nanos: number } | undefined): number => (d ? d.seconds * 1000 + Math.round(d.nanos / 1e6) : 0);

/**
 * Reads one run's message stream into one result per scenario, through
 * @cucumber/query. Feed it every envelope; read `results()` when the run is over.
 * Scenarios the tag filter left out come back too, as out of scope.
 */
export class ResultCollector {
  readonly #query = new Query();

  readonly onMessage = (envelope: Envelope): void => {
    this.#query.update(envelope);
  };

  results(): ScenarioResult[] {
    const query = this.#query;
    const finished = query.findAllTestCaseFinished().filter((f) => !f.willBeRetried);
    const ran = new Set<string>();
    const results = finished.map((testCaseFinished): ScenarioResult => {
      const pickle = query.findPickleBy(testCaseFinished) as Pickle;
      ran.add(pickle.id);
      const attachments = query.findTestStepsFinishedBy(testCaseFinished).flatMap((step) => query.findAttachmentsBy(step));
      const of = <T>(mediaType: string): T[] => attachments.filter((a) => a.mediaType === mediaType).flatMap((a) => parse<T | T[]>(a));
      const notRun = of<NotRun>(SKIP_MEDIA_TYPE)[0];
      const worst = query.findMostSevereTestStepResultBy(testCaseFinished);
      const exception =
        worst?.status === TestStepResultStatus.FAILED
          ? { type: worst.exception?.type ?? 'Error', message: worst.exception?.message ?? worst.message ?? 'failed' }
          : undefined;
      return {
        ...this.#identity(pickle),
        outcome: outcomeOf(worst?.status, exception?.type, notRun),
        ...(exception ? { error: { type: exception.type, message: exception.message.split('\n')[0] ?? '' } } : {}),
        ...(notRun ? { notRun } : {}),
        observations: of<Observation>(OBSERVATION_MEDIA_TYPE),
        cleanup: of<CleanupProblem>(CLEANUP_MEDIA_TYPE),
        durationMs: toMs(query.findTestCaseDurationBy(testCaseFinished)),
      };
    });
    // Only when anything ran: a dry run or a run that never started has no scope to speak of.
    const unselected = finished.length === 0 ? [] : query.findAllPickles().filter((p) => !ran.has(p.id));
    return [
      ...results,
      ...unselected.map((pickle): ScenarioResult => ({
        ...this.#identity(pickle),
        outcome: 'out-of-scope',
        notRun: NOT_SELECTED,
        observations: [],
        cleanup: [],
        durationMs: 0,
      })),
    ];
  }

  #identity(pickle: Pickle) {
    const tags = pickle.tags.map((t) => t.name);
    const systems = tags.map((t) => t.slice(1)).filter(isSystemKey);
    return {
      name: pickle.name,
      location: `${pickle.uri}:${this.#query.findLocationOf(pickle)?.line ?? 0}`,
      tags,
      system: systems.length === 1 ? systems[0] : undefined,
      clauses: clauseIds(pickle.tags),
    };
  }
}
