import { redact } from './http/redact.ts';

// The verdict types a finding or a fault is thrown as (a target that cannot be read
// is the HTTP layer's TargetError): the systems' clients and the harness throw them,
// the reports sort scenarios by them.

/**
 * A documented rule was broken by the target. Named so reports can tell it from a
 * broken run. `clause` names the rule where the finding is not the scenario's own
 * check (a sign-out that misbehaves during clean-up counts against its clause).
 */
export class Nonconformance extends Error {
  // Named as an assertion so Allure files it as failed (a finding), not broken.
  override readonly name = 'AssertionError';
  readonly clause: string | undefined;
  constructor(message: string, options: { clause?: string } = {}) {
    super(redact(message));
    this.clause = options.clause;
  }
}

/** The harness itself was misused or misconfigured (a step needing simulator controls on a live target…). */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  constructor(message: string) {
    super(redact(message));
  }
}
