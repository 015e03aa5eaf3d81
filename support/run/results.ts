import type { Envelope } from '@cucumber/messages';
import { clauseIds } from '../clauses.ts';
import type { CleanupProblem } from '../harness/cleanups.ts';
import { CLEANUP_MEDIA_TYPE, SKIP_MEDIA_TYPE } from '../harness/skip.ts';
import type { NotRun } from '../harness/stage.ts';
import { OBSERVATION_MEDIA_TYPE, type Observation } from '../harness/verify.ts';

export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'undefined' | 'pending' | 'ambiguous' | 'unknown';

/** One scenario's outcome, as the reports need it. */
export interface ScenarioResult {
  readonly name: string;
  /** `features/acumatica/sign-out.feature:14` */
  readonly location: string;
  readonly tags: readonly string[];
  readonly clauses: readonly string[];
  status: ScenarioStatus;
  /** The first error, one line per cause, already redacted where it was raised. */
  error?: { readonly type: string; readonly message: string };
  skipReason?: string;
  /** Why it did not run, for skipped scenarios: out of scope, or a clause left unverified. */
  notRun?: NotRun;
  readonly observations: Observation[];
  /** What went wrong while closing what the scenario opened. */
  readonly cleanup: CleanupProblem[];
  durationMs: number;
}

// Cucumber's own order: a scenario takes the worst status of its steps and hooks.
const SEVERITY = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

/**
 * Folds cucumber's message stream into one result per scenario. Feed it every
 * envelope of a run; read `results` when the run is over.
 */
export class ResultCollector {
  readonly #pickles = new Map<string, { name: string; uri: string; line: number; tags: string[] }>();
  readonly #lines = new Map<string, number>();
  readonly #testCases = new Map<string, string>();
  readonly #started = new Map<string, { result: ScenarioResult; worst: number; since: number }>();
  readonly results: ScenarioResult[] = [];

  readonly onMessage = (envelope: Envelope): void => {
    if (envelope.gherkinDocument) this.#indexLines(envelope.gherkinDocument);
    else if (envelope.pickle) {
      const { id, name, uri, tags, astNodeIds } = envelope.pickle;
      const line = astNodeIds.map((n) => this.#lines.get(n) ?? 0).at(-1) ?? 0;
      this.#pickles.set(id, { name, uri, line, tags: tags.map((t) => t.name) });
    } else if (envelope.testCase) this.#testCases.set(envelope.testCase.id, envelope.testCase.pickleId);
    else if (envelope.testCaseStarted) this.#start(envelope.testCaseStarted);
    else if (envelope.testStepFinished) this.#step(envelope.testStepFinished);
    else if (envelope.attachment) this.#attachment(envelope.attachment);
    else if (envelope.testCaseFinished) this.#finish(envelope.testCaseFinished);
  };

  #indexLines(doc: NonNullable<Envelope['gherkinDocument']>): void {
    const visit = (children: readonly { scenario?: { id: string; location: { line: number }; examples: readonly { tableBody: readonly { id: string; location: { line: number } }[] }[] }; rule?: { children: readonly never[] } }[]) => {
      for (const child of children) {
        if (child.scenario) {
          this.#lines.set(child.scenario.id, child.scenario.location.line);
          for (const ex of child.scenario.examples) for (const row of ex.tableBody) this.#lines.set(row.id, row.location.line);
        }
        if (child.rule) visit(child.rule.children);
      }
    };
    visit((doc.feature?.children ?? []) as never);
  }

  #start(started: NonNullable<Envelope['testCaseStarted']>): void {
    const pickle = this.#pickles.get(this.#testCases.get(started.testCaseId) ?? '');
    if (!pickle) return;
    const result: ScenarioResult = {
      name: pickle.name,
      location: `${pickle.uri}:${pickle.line}`,
      tags: pickle.tags,
      clauses: clauseIds(pickle.tags.map((name) => ({ name }))),
      status: 'unknown',
      observations: [],
      cleanup: [],
      durationMs: 0,
    };
    this.#started.set(started.id, { result, worst: 0, since: toMs(started.timestamp) });
  }

  #step(finished: NonNullable<Envelope['testStepFinished']>): void {
    const entry = this.#started.get(finished.testCaseStartedId);
    if (!entry) return;
    const { status, message, exception } = finished.testStepResult;
    const severity = SEVERITY.indexOf(status);
    if (severity > entry.worst) entry.worst = severity;
    if (status === 'FAILED' && !entry.result.error) {
      const type = exception?.type ?? 'Error';
      const text = exception?.message ?? message ?? 'failed';
      entry.result.error = { type, message: text.split('\n')[0] ?? text };
    }
  }

  #attachment(attachment: NonNullable<Envelope['attachment']>): void {
    const entry = this.#started.get(attachment.testCaseStartedId ?? '');
    if (!entry) return;
    if (attachment.mediaType === OBSERVATION_MEDIA_TYPE) entry.result.observations.push(...(JSON.parse(decode(attachment)) as Observation[]));
    if (attachment.mediaType === CLEANUP_MEDIA_TYPE) entry.result.cleanup.push(...(JSON.parse(decode(attachment)) as CleanupProblem[]));
    if (attachment.mediaType === SKIP_MEDIA_TYPE) {
      const notRun = JSON.parse(decode(attachment)) as NotRun;
      entry.result.notRun = notRun;
      entry.result.skipReason = notRun.reason;
    }
  }

  #finish(finished: NonNullable<Envelope['testCaseFinished']>): void {
    const entry = this.#started.get(finished.testCaseStartedId);
    if (!entry || finished.willBeRetried) return;
    entry.result.status = (SEVERITY[entry.worst] ?? 'UNKNOWN').toLowerCase() as ScenarioStatus;
    entry.result.durationMs = toMs(finished.timestamp) - entry.since;
    this.results.push(entry.result);
    this.#started.delete(finished.testCaseStartedId);
  }
}

const toMs = (t: { seconds: number; nanos: number }): number => t.seconds * 1000 + Math.round(t.nanos / 1e6);
const decode = (a: { body: string; contentEncoding: string }): string =>
  a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body;
