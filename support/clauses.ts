/**
 * A clause is one documented behaviour, stated once, with where it comes from.
 * MUST: documented by the vendor — a failure is a nonconformance.
 * ASSUMPTION: a configurable default the vendor does not document — reported with
 * what was observed, never failing a run on its own.
 */
export type Level = 'MUST' | 'ASSUMPTION';

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
}

export const CLAUSE_TAG = /^@clause:(.+)$/;

/** The clause ids a scenario's tags name. */
export const clauseIds = (tags: readonly { name: string }[]): string[] =>
  tags.flatMap((t) => CLAUSE_TAG.exec(t.name)?.[1] ?? []);
