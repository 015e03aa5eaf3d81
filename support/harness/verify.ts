import { isDeepStrictEqual } from 'node:util';
import type { Level } from '../clauses.ts';
import { Nonconformance } from '../verdicts.ts';
import { redact } from '../http/redact/index.ts';

/** What a check saw, kept for the compliance report. */
export interface Observation {
  readonly check: string;
  readonly expected: string;
  readonly observed: string;
  readonly held: boolean;
}

export const OBSERVATION_MEDIA_TYPE = 'application/vnd.conformance.observation+json';

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The checks of a Then step. Under a MUST clause a check that does not hold throws
 * a Nonconformance; under an ASSUMPTION clause it is recorded with what was
 * observed and the scenario goes on — an assumption never fails a run on its own.
 */
export class Verifier {
  readonly #level: Level;
  readonly #record: (o: Observation) => void;

  constructor(level: Level, record: (o: Observation) => void) {
    this.#level = level;
    this.#record = record;
  }

  equal<T>(actual: T, expected: T, check: string): void {
    this.#settle(isDeepStrictEqual(actual, expected), check, show(expected), show(actual));
  }

  oneOf<T>(actual: T, allowed: readonly T[], check: string): void {
    this.#settle(
      allowed.some((a) => isDeepStrictEqual(a, actual)),
      check,
      `one of ${allowed.map(show).join(', ')}`,
      show(actual),
    );
  }

  that(held: boolean, check: string, expected: string, observed: string): void {
    this.#settle(held, check, expected, observed);
  }

  #settle(held: boolean, check: string, expected: string, observed: string): void {
    const observation = { check, expected: redact(expected), observed: redact(observed), held };
    this.#record(observation);
    if (!held && this.#level === 'MUST') {
      throw new Nonconformance(`${check}: expected ${observation.expected}, observed ${observation.observed}`);
    }
  }
}
