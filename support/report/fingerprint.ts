import { createHash } from 'node:crypto';
import type { Observation } from '../harness/verify.ts';

/**
 * What differs between two runs of an unchanged target, replaced by a placeholder
 * before anything is fingerprinted or compared: where the target and the harness ran
 * (origins, ports), when (timestamps, durations), and the ids the target hands out.
 * Redacted secrets are already one fixed mask.
 */
const VOLATILE: readonly (readonly [RegExp, string])[] = [
  [/\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?/g, '<time>'],
  [/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\b/g, '<time>'],
  [/\bhttps?:\/\/[^\s/"'<>)\]]+/gi, '<origin>'],
  [/\b(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[\da-f:]+\]):\d{1,5}\b/gi, '<origin>'],
  [/\b[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}\b/gi, '<id>'],
  [/\b[\da-f]{16,}\b/gi, '<id>'],
  // Tokens and opaque session ids that escaped redaction: long runs with letters and digits mixed.
  [/\b(?=[\w+/-]*\d)(?=[\w+/-]*[A-Za-z])[\w+/-]{24,}={0,2}/g, '<id>'],
  [/\b\d+(?:\.\d+)?\s?(?:ms|milliseconds?|s|seconds?)\b/g, '<duration>'],
];

/** A value as a baseline compares it: the same for two runs of an unchanged target. */
export function normalise(text: string): string {
  return VOLATILE.reduce((out, [pattern, placeholder]) => out.replace(pattern, placeholder), text);
}

export const normaliseObservation = (o: Observation): Observation => ({
  check: normalise(o.check),
  expected: normalise(o.expected),
  observed: normalise(o.observed),
  held: o.held,
});

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

interface Finding {
  readonly kind: string;
  readonly clause?: string;
  readonly message: string;
}

const findingOf = (f: Finding) => ({ kind: f.kind, clause: f.clause ?? null, message: normalise(f.message) });

/**
 * A scenario's behaviour: its outcome, what each check saw and what its clean-up
 * found. Not its error text: a broken target's message names a URL and a timing, and
 * a failed check is already among the observations.
 */
export function scenarioFingerprint(s: {
  readonly outcome: string;
  readonly observations: readonly Observation[];
  readonly cleanup?: readonly Finding[];
}): string {
  return hash({ outcome: s.outcome, observations: s.observations.map(normaliseObservation), cleanup: (s.cleanup ?? []).map(findingOf) });
}

/** A clause's behaviour: its status, whether its assumption held, and its scenarios' fingerprints. */
export function clauseFingerprint(
  status: string,
  held: boolean | undefined,
  scenarios: readonly { readonly location: string; readonly fingerprint: string }[],
  findings: readonly Finding[],
): string {
  return hash({ status, held: held ?? null, scenarios: scenarios.map((s) => [s.location, s.fingerprint]).sort(), findings: findings.map(findingOf) });
}
