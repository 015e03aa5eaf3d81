import { TargetError } from './http/errors.ts';
import { redact } from './http/redact/index.ts';

// The verdicts' room: the types a finding or a fault is thrown as, and the one rule
// that decides whether an answer against the documents is the system's
// nonconformance or a broken run (a target that cannot be read at all is the HTTP
// layer's TargetError, a harness misused its HarnessError: both live at the floor,
// which every room may import). The systems' clients throw them; the reports sort by them.

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

/** Enough of an answer to judge whose it is. */
export interface Answered {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: string;
}

/** Statuses a gateway, proxy or load balancer answers with in front of a system: never the system's own word. */
const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Stops reading an answer that is not the system's (notTheSystems): the run is broken
 * there. `quote` adds the start of its body to the one-line message.
 */
export function requireTheSystems(system: string, where: string, answer: Answered, due?: 'json' | 'xml', quote = false): void {
  const foreign = notTheSystems(answer, due);
  if (foreign) throw new TargetError(system, where, quote ? `${foreign}: ${answer.body.slice(0, 80)}` : foreign);
}

/**
 * Why an answer cannot be blamed on the system: a gateway's status (502, 503, 504),
 * or an HTML page where the system's protocol (`due`: JSON or XML) was due.
 * Undefined when the answer may be the system's own.
 */
export function notTheSystems(answer: Answered, due?: 'json' | 'xml'): string | undefined {
  if (GATEWAY_STATUSES.has(answer.status)) return `answered ${answer.status}, a gateway's status, not the system's protocol`;
  const type = answer.headers.get('content-type') ?? '';
  const html = type.includes('html') || /^\s*(<!doctype html|<html)/i.test(answer.body);
  if (due && html) return `answered ${answer.status} with an HTML page where ${due.toUpperCase()} is due, not the system's protocol`;
  return undefined;
}

/**
 * The system answered a documented request in its own protocol, but not as the
 * documents say: a SOAP fault, an application's 4xx or 5xx, an answer of the wrong
 * shape. Thrown where an answer is read; `judged` decides what it is.
 */
export class UndocumentedAnswer extends Error {
  override readonly name = 'UndocumentedAnswer';
  readonly system: string;
  readonly where: string;
  readonly reason: string;
  constructor(system: string, where: string, reason: string) {
    // One line, as a TargetError: a body quoted in the reason keeps to it.
    super(redact(`[${system}] ${where}: ${reason}`).replace(/\s+/g, ' ').trim());
    this.system = system;
    this.where = where;
    this.reason = reason;
  }
}

/** A request whose answer the documents fix, sent to show that an endpoint is the system's (judged). */
export interface Control {
  /** What is asked and how the documents answer it (`GET LogOut of a ticket never issued, documented [901]`), for the messages. */
  readonly what: string;
  /** Sends the request: resolves when it is answered as documented, throws otherwise. */
  readonly run: () => Promise<unknown>;
}

/**
 * The endpoints of one system's target (method and path template, or binding) one
 * scenario has seen answer as documented. One per system per scenario: what another
 * scenario saw never decides a verdict, so no verdict hangs on the order scenarios
 * ran in.
 */
export class WorkingEndpoints {
  readonly #seen = new Set<string>();

  answered(endpoint: string): void {
    this.#seen.add(endpoint);
  }

  seen(endpoint: string): boolean {
    return this.#seen.has(endpoint);
  }
}

/**
 * The one rule that tells a nonconformance from a broken run when a documented
 * request is answered against the documents. `attempt` sends the request and reads
 * its answer; it throws an UndocumentedAnswer when the system's own answer is not as
 * documented, a TargetError when the answer is not the system's (no connection, a
 * gateway's page). An UndocumentedAnswer is judged on the spot: the request is sent
 * once more, and answered so again it is a Nonconformance when the endpoint is shown
 * to be the system's — by an earlier documented answer in the same scenario, else by
 * the `control`, a request whose answer the documents fix. Nothing shown: broken.
 * Nothing here reads what other scenarios saw, so a verdict is the same in any order
 * and at any concurrency; a conformant target never pays for a control.
 */
export async function judged<T>(endpoints: WorkingEndpoints, endpoint: string, control: Control | undefined, attempt: () => Promise<T>): Promise<T> {
  const first = await undocumented(attempt);
  if (!(first instanceof UndocumentedAnswer)) {
    endpoints.answered(endpoint);
    return first.value;
  }
  const again = await undocumented(attempt);
  if (!(again instanceof UndocumentedAnswer)) {
    endpoints.answered(endpoint);
    return again.value;
  }
  if (endpoints.seen(endpoint))
    throw new Nonconformance(
      `${first.message}; answered so again on a retry, though ${endpoint} answered as documented earlier in this scenario (the exchanges in the transcript)`,
    );
  if (control && (await answersAsDocumented(control.run)))
    throw new Nonconformance(
      `${first.message}; answered so again on a retry, though the system answered its control as documented: ${control.what} (the exchanges in the transcript)`,
    );
  throw new TargetError(
    first.system,
    first.where,
    `${first.reason}; not judged: ${endpoint} has not answered as documented in this scenario${control ? `, nor its control (${control.what})` : ', and it has no control'}`,
  );
}

/** Whether a control request was answered as documented: any failure of it, the transport's too, says no. */
async function answersAsDocumented(control: () => Promise<unknown>): Promise<boolean> {
  try {
    await control();
    return true;
  } catch {
    return false;
  }
}

/** The attempt's value, or the UndocumentedAnswer it threw; anything else it throws goes on. */
async function undocumented<T>(attempt: () => Promise<T>): Promise<{ value: T } | UndocumentedAnswer> {
  try {
    return { value: await attempt() };
  } catch (err) {
    if (err instanceof UndocumentedAnswer) return err;
    throw err;
  }
}
