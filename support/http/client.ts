import { performance } from 'node:perf_hooks';
import { getSetCookies, request, type Dispatcher, type Headers } from 'undici';
import { decodeText, readBody, UnreadableAnswer } from './body.ts';
import type { CookieJar } from './cookie-jar.ts';
import { TargetError } from './errors.ts';
import { evidence, formatBytes, toHeaders, type Exchange, type HeaderMap } from './exchange.ts';
import { describe } from './failures.ts';
import type { TargetHealth } from './health.ts';
import { redactor } from './redact.ts';

// Sending: the one HTTP client, its requests and answers, every exchange recorded;
// decoding an answer's body is body.ts's, wording a failure failures.ts's.

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';

export interface HttpRequest {
  readonly method: Method;
  /** Relative to the base URL's own path; segments already encoded by the caller. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Exactly the headers to send: nothing is added but Host, Content-Length and the jar's Cookie. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Cookies sent from, and Set-Cookie absorbed into, this jar. */
  readonly jar?: CookieJar;
  /**
   * For a request that may open something on the target (a sign-in): an answer that
   * comes after the timeout is still read, for a while, and handed here so what it
   * opened can be closed. The caller gets its timeout on time all the same.
   */
  readonly onLateAnswer?: (answer: HttpAnswer) => unknown;
  /**
   * For a request whose answer creates or renews a session or a token: every value
   * in that answer is a secret (masked from then on), deny by default, except the
   * fields named here, the system's short list of harmless ones.
   */
  readonly authentication?: readonly string[];
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** Decoded: content coding undone, text read in the answer's charset. */
  readonly body: string;
  readonly url: string;
}

/**
 * How much longer than a check a clean-up waits: a closing's request that gets no
 * answer within the timeout is sent again and given this many timeouts, its first
 * attempt still read meanwhile; an answer that comes after its timeout is read for
 * as long. Nothing waits more than this many timeouts and one.
 */
export const CLOSING_PATIENCE = 3;

/** The largest answer body read, after decoding, unless `maxBodyBytes` says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 1 << 20;

export interface HttpOptions {
  readonly system: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /**
   * Always given, never undici's global one: whichever undici loads first claims the
   * global (Node's own bundled copy does when node:http is imported before this
   * package), and the harness must speak through the undici it pins.
   */
  readonly dispatcher: Dispatcher;
  /** Called once per exchange, answered or not. */
  readonly record: (exchange: Exchange) => void;
  /** Asked at each request: a signal that ends it early (an interrupted run), beside the timeout. */
  readonly signal?: () => AbortSignal | undefined;
  /** An answer whose body is larger (decoded) is not read further: the request fails. */
  readonly maxBodyBytes?: number;
  /** Whether the target still answers; shared by every client of the target in a run. */
  readonly health?: TargetHealth;
  /** Work that outlives the request (reading a late answer): the run waits for it before it ends. */
  readonly track?: (work: Promise<unknown>) => void;
  /** A failure only the transport below knows, in words (the in-process simulators' host); else the generic wording. */
  readonly describeFailure?: (err: unknown) => string | undefined;
  /** Asked at each request: whether it closes what the run opened; such a request gets `CLOSING_PATIENCE`, and is sent to a target given up on that answered late. */
  readonly closing?: () => boolean;
}

/**
 * The one HTTP client. Every request is bounded by a timeout and every answer by a
 * size, redirects are never followed (a 303 is a fact to check), nothing is sent
 * that the caller did not ask for, and every exchange is recorded — also the ones
 * that fail. Answers are read as any correct client reads them: any framing, any
 * content coding (we send no Accept-Encoding, so RFC 9110 allows every one), any charset.
 */
export class HttpClient {
  readonly #options: HttpOptions;
  readonly #base: URL;

  constructor(options: HttpOptions) {
    this.#options = options;
    this.#base = new URL(options.baseUrl);
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  /** How long a request waits for its answer: what a flow of several requests elsewhere (a browser's) is bounded by, in multiples. */
  get timeoutMs(): number {
    return this.#options.timeoutMs;
  }

  /** The absolute URL of a path below the base URL, its instance path kept (a path may carry its own query). */
  url(path: string, query?: HttpRequest['query']): URL {
    const url = new URL(this.#base.pathname.replace(/\/$/, '') + path, this.#base.origin);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.append(k, v);
    return url;
  }

  async send(req: HttpRequest): Promise<HttpAnswer> {
    const { system, timeoutMs, record, health } = this.#options;
    const stop = this.#options.signal?.();
    const closing = this.#options.closing?.() === true;
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = { ...req.headers };
    const cookie = req.jar?.header();
    if (cookie) headers.cookie = [headers.cookie, cookie].filter(Boolean).join('; ');
    registerCredentials(headers);
    redactor.registerNamed(url.searchParams, req.body ?? '');
    const sent = { method: req.method, url: url.href, headers, body: evidence(req.body ?? '') };
    const where = `${req.method} ${url.origin}${url.pathname}`;
    const refused = stop?.aborted ? `not sent: ${String(stop.reason ?? 'stopped')}` : health?.refusal(closing);
    if (refused) {
      record({ system, request: sent, error: refused, durationMs: 0 });
      throw new TargetError(system, where, refused);
    }
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const timeout = AbortSignal.timeout(timeoutMs);
    // A request that may open something is let run past its timeout, or an interrupt, for
    // CLOSING_PATIENCE timeouts more, so a late answer can still be read and what it opened
    // closed; the caller stops waiting on time all the same. A closing waits that long for
    // its answer: one that may open something (a clean-up's own sign-in) is sent once, any
    // other is sent again at its timeout.
    const late = closing ? undefined : req.onLateAnswer;
    const exchange =
      late || (closing && req.onLateAnswer)
        ? this.#exchange(req, url, headers, AbortSignal.timeout((CLOSING_PATIENCE + 1) * timeoutMs))
        : closing
          ? this.#patiently(req, url, headers, timeout)
          : this.#exchange(req, url, headers, AbortSignal.any([timeout, ...(stop ? [stop] : [])]));
    try {
      const { answer, response } = late ? await Promise.race([exchange, expiry(timeout), ...(stop ? [expiry(stop)] : [])]) : await exchange;
      health?.answered();
      record({ system, request: sent, response: { ...response, body: evidence(answer.body) }, durationMs: elapsed() });
      return answer;
    } catch (err) {
      const unreadable = err instanceof ExchangeFailure && err.unreadable !== undefined;
      const timedOut = timeout.aborted && !unreadable && !stop?.aborted;
      if (timedOut) health?.timedOut();
      if ((timedOut || stop?.aborted) && !unreadable && late) this.#afterTheTimeout(exchange, late);
      const failure = err instanceof ExchangeFailure ? err : undefined;
      const cause = failure?.unreadable
        ? failure.unreadable.message
        : stop?.aborted
          ? `not sent or not finished: ${String(stop.reason ?? 'stopped')}`
          : timedOut
            ? `no answer within ${timeoutMs} ms${closing ? `, nor in ${CLOSING_PATIENCE} times as long (a clean-up's patience)` : ''}`
            : (this.#options.describeFailure?.(failure?.cause ?? err) ?? describe(failure?.cause ?? err, timeoutMs));
      const response = failure?.response && { ...failure.response, body: evidence(failure.unreadable?.partial ?? '', 'not read further') };
      record({ system, request: sent, ...(response ? { response } : {}), error: cause, durationMs: elapsed() });
      // The underlying error is not chained: its message may quote a URL or a header.
      throw new TargetError(system, where, cause);
    }
  }

  /** The request and its whole answer, or an ExchangeFailure saying how far it got. */
  async #exchange(req: HttpRequest, url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<Exchanged> {
    const { dispatcher, maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = this.#options;
    let response: { status: number; headers: HeaderMap } | undefined;
    try {
      const res = await request(url, { method: req.method, headers, body: req.body, signal, dispatcher });
      response = { status: res.statusCode, headers: res.headers as HeaderMap };
      const answerHeaders = toHeaders(res.headers);
      const type = answerHeaders.get('content-type');
      // Media types and parameter names are case-insensitive (RFC 9110 8.3.1): callers may compare them as written.
      if (type)
        answerHeaders.set(
          'content-type',
          type.replace(/^[^;]*|;\s*[^=;]+=/g, (part) => part.toLowerCase()),
        );
      const read = await readBody(res.body, answerHeaders.get('content-encoding'), maxBodyBytes);
      const body = decodeText(read.bytes, answerHeaders.get('content-type'));
      learnSecrets(answerHeaders, body, res.statusCode < 400 ? req.authentication : undefined);
      if (read.tooLarge) throw new UnreadableAnswer(`answer larger than ${formatBytes(maxBodyBytes)}`, body);
      req.jar?.absorb(getSetCookies(answerHeaders));
      return { answer: { status: res.statusCode, headers: answerHeaders, body, url: url.href }, response };
    } catch (err) {
      throw new ExchangeFailure(err, response);
    }
  }

  /**
   * A closing's request: what the run opened gets more patience than a check. Past
   * its timeout the first attempt is still read, and the request is sent once more
   * with `CLOSING_PATIENCE` timeouts; the first answer of either is the answer, and
   * the other attempt is let go.
   */
  async #patiently(req: HttpRequest, url: URL, headers: Record<string, string>, timeout: AbortSignal): Promise<Exchanged> {
    const { timeoutMs } = this.#options;
    const [first, second] = [new AbortController(), new AbortController()];
    const attempt = this.#exchange(req, url, headers, AbortSignal.any([first.signal, AbortSignal.timeout((CLOSING_PATIENCE + 1) * timeoutMs)]));
    try {
      return await Promise.race([attempt, expiry(timeout)]);
    } catch (err) {
      if (!timeout.aborted || (err instanceof ExchangeFailure && err.unreadable)) throw err;
    }
    const again = this.#exchange(req, url, headers, AbortSignal.any([second.signal, AbortSignal.timeout(CLOSING_PATIENCE * timeoutMs)]));
    try {
      const winner = (loser: AbortController) => (exchanged: Exchanged) => (loser.abort(), exchanged);
      return await Promise.any([attempt.then(winner(second)), again.then(winner(first))]);
    } catch (err) {
      // Both failed: the second attempt says how.
      throw (err as AggregateError).errors?.[1] ?? err;
    }
  }

  /** Reads an answer that came after its timeout, and hands it on; the run waits for this. */
  #afterTheTimeout(exchange: Promise<Exchanged>, onLateAnswer: (answer: HttpAnswer) => unknown): void {
    const late = exchange.then(
      ({ answer }) => {
        this.#options.health?.answeredLate();
        return onLateAnswer(answer);
      },
      () => undefined,
    );
    this.#options.track?.(late);
  }
}

interface Exchanged {
  readonly answer: HttpAnswer;
  readonly response: { status: number; headers: HeaderMap };
}

/** Rejects when the signal aborts: the caller's timeout, while the request itself goes on. */
function expiry(signal: AbortSignal): Promise<never> {
  const expired = new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
  // Also when the answer came first and nobody waits for this any more.
  expired.catch(() => undefined);
  return expired;
}

/** How far a failed exchange got: the answer's head, if it came, and whether its body was unreadable. */
class ExchangeFailure extends Error {
  readonly response: { status: number; headers: HeaderMap } | undefined;
  readonly unreadable: UnreadableAnswer | undefined;
  constructor(cause: unknown, response: { status: number; headers: HeaderMap } | undefined) {
    super('exchange failed', { cause });
    this.response = response;
    this.unreadable = cause instanceof UnreadableAnswer ? cause : undefined;
  }
}

/** An HTTP Basic `Authorization` value; `send` registers it (and the pair and password in it) for redaction. */
export const basicAuthorization = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/**
 * What an answer teaches the redactor, before anything records it: every cookie it
 * sets and every token-shaped value in it are secrets (unless plain), and all of an
 * authentication answer (one that is no refusal) but its harmless fields.
 */
function learnSecrets(headers: Headers, body: string, authentication: readonly string[] | undefined): void {
  for (const cookie of getSetCookies(headers)) redactor.registerUnnamed(cookie.value);
  for (const [, value] of headers) redactor.registerTokens(value);
  redactor.registerTokens(body);
  if (authentication) redactor.registerAuthentication(headers, body, authentication);
}

/** Credentials the caller put in headers cross the wire here, whoever built them: masked from now on. */
function registerCredentials(headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (/^(proxy-)?authorization$/i.test(name)) redactor.register(value.replace(/^\S+\s+/, ''));
    else if (/^cookie$/i.test(name)) for (const pair of value.split(';')) redactor.register(pair.slice(pair.indexOf('=') + 1).trim());
  }
}
