import { performance } from 'node:perf_hooks';
import { getSetCookies, request, type Dispatcher, type Headers } from 'undici';
import type { CookieJar } from './cookie-jar.ts';
import { TargetError } from './errors.ts';
import { toHeaders, type Exchange, type HeaderMap } from './exchange.ts';

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
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  readonly url: string;
}

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
}

/**
 * The one HTTP client. Every request is bounded by a timeout, redirects are never
 * followed (a 303 is a fact to check), nothing is sent that the caller did not ask
 * for, and every exchange is recorded — also the ones that fail.
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

  /** The absolute URL of a path below the base URL, its instance path kept (a path may carry its own query). */
  url(path: string, query?: HttpRequest['query']): URL {
    const url = new URL(this.#base.pathname.replace(/\/$/, '') + path, this.#base.origin);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.append(k, v);
    return url;
  }

  async send(req: HttpRequest): Promise<HttpAnswer> {
    const { system, timeoutMs, dispatcher, record } = this.#options;
    const stop = this.#options.signal?.();
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = { ...req.headers };
    const cookie = req.jar?.header();
    if (cookie) headers.cookie = [headers.cookie, cookie].filter(Boolean).join('; ');
    const sent = { method: req.method, url: url.href, headers, body: req.body ?? '' };
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body: req.body,
        signal: stop ? AbortSignal.any([AbortSignal.timeout(timeoutMs), stop]) : AbortSignal.timeout(timeoutMs),
        dispatcher,
      });
      const body = await res.body.text();
      const answerHeaders = toHeaders(res.headers);
      req.jar?.absorb(getSetCookies(answerHeaders));
      record({ system, request: sent, response: { status: res.statusCode, headers: res.headers as HeaderMap, body }, durationMs: elapsed() });
      return { status: res.statusCode, headers: answerHeaders, body, url: url.href };
    } catch (err) {
      const cause = stop?.aborted ? `not sent or not finished: ${String(stop.reason ?? 'stopped')}` : describe(err, timeoutMs);
      record({ system, request: sent, error: cause, durationMs: elapsed() });
      throw new TargetError(system, `${req.method} ${url.origin}${url.pathname}`, cause, { cause: err });
    }
  }
}

/** A transport failure in words a QA engineer can act on. */
function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const message = e.message ?? String(err);
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'UND_ERR_ABORTED') return `no answer within ${timeoutMs} ms`;
  if (/Disallowed net connect/.test(message)) return 'no simulator answers for this host (real network is off in simulator mode)';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || /other side closed|terminated/.test(message)) return 'connection closed before the answer was complete';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `TLS certificate not trusted (${code}); give the CA in the targets file or NODE_EXTRA_CA_CERTS`;
  return code ? `${code}: ${message}` : message;
}
