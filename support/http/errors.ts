import { redact } from './redact/index.ts';

/**
 * Text from a target (an answer's body, a server's message) fit for a one-line
 * message: secrets masked before it is cut (a cut secret is no longer recognised),
 * whitespace and line breaks collapsed, at most `max` characters.
 */
export function snippet(text: string, max = 80): string {
  const line = oneLine(redact(text));
  return line.length <= max ? line : `${line.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * The target could not be talked to, or what it said could not be read: the run is
 * broken, not the target nonconformant. One line, naming system, request and cause
 * (a body quoted in the cause keeps to that line); the message is redacted once, here.
 */
export class TargetError extends Error {
  override readonly name = 'TargetError';
  constructor(system: string, what: string, cause: string, options?: { cause?: unknown }) {
    super(oneLine(redact(`[${system}] ${what}: ${cause}`)), options);
  }
}

/** The harness itself was misused or misconfigured (a step needing simulator controls on a live target…). */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  constructor(message: string) {
    super(redact(message));
  }
}
