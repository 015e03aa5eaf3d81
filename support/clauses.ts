/**
 * A clause is one documented behaviour, stated once, with where it comes from.
 * MUST: documented by the vendor — a failure is a nonconformance.
 * ASSUMPTION: a configurable default the vendor does not document — reported with
 * what was observed, never failing a run on its own.
 */
export type Level = 'MUST' | 'ASSUMPTION';

/**
 * How a run against a real deployment verifies a clause: in every live run; only
 * when the targets file has an optional entry (the scenarios carry `@needs:<entry>`);
 * or never, with the reason (its scenarios need the simulator's controls).
 */
export type LiveVerification =
  { readonly runs: 'always' } | { readonly runs: 'with'; readonly needs: string } | { readonly runs: 'never'; readonly why: string };

/**
 * One claim of a documented (D) line: a single thing the line promises — a
 * quantifier ("all sessions"), one spelling of a call (a binding, a method, a
 * format, a way to present the session), an option and what it must still do —
 * and the scenario and check that test it.
 */
export interface DocumentedClaim {
  /** The D line it comes from: a quote, verbatim, of VENDOR-NOTES.md or the seed document. */
  readonly line: string;
  /** What exactly is claimed, in a sentence. */
  readonly claim: string;
  /** The name of the scenario that tests it (a scenario of this clause). */
  readonly scenario: string;
  /** The text of the step in that scenario that checks it. */
  readonly check: string;
  /** Whose sessions the call may end, and whose must survive (the caller's, other users'), where the line speaks of it. */
  readonly scope?: string;
  /** Why the claim can only be shown on a simulator, where it can. */
  readonly simulatorOnly?: string;
}

export interface Clause {
  /** Stable id, used in `@clause:<id>` tags and in every report. */
  readonly id: string;
  readonly title: string;
  readonly level: Level;
  readonly source: {
    /** The seed file under shared/specs/, or VENDOR-NOTES.md. */
    readonly document: string;
    /** The passage the clause encodes, quoted or closely paraphrased. */
    readonly passage: string;
    /** The vendor's public page for it. */
    readonly url: string;
  };
  /** How a live run verifies it; every clause says. */
  readonly live?: LiveVerification;
  /** The claims of the documented lines this clause encodes; every MUST clause has some. */
  readonly claims?: readonly DocumentedClaim[];
}

export const CLAUSE_TAG = /^@clause:(.+)$/;

/** The clause ids a scenario's tags name. */
export const clauseIds = (tags: readonly { name: string }[]): string[] => tags.flatMap((t) => CLAUSE_TAG.exec(t.name)?.[1] ?? []);

export const NEEDS_TAG = /^@needs:(.+)$/;

/** The optional targets entries a scenario's `@needs:<entry>` tags name. */
export const neededEntries = (tags: readonly { name: string }[]): string[] => tags.flatMap((t) => NEEDS_TAG.exec(t.name)?.[1] ?? []);
