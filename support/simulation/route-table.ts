import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { getCookies, type Headers } from 'undici';
import { HarnessError } from '../http/errors.ts';

/**
 * The contract between a simulator and a transport. A simulator is a route table
 * over its model; a binder (nock, node:http) turns wire requests into `SimRequest`s
 * and `SimResponse`s back into answers. Binders know no vendor; simulators know no
 * transport.
 */
export interface SimRequest {
  readonly method: string;
  /** Below the mount's base path, percent-encoded as received; '' when the request is outside it. */
  readonly path: string;
  /** The whole path as received, for messages. */
  readonly pathname: string;
  /** The base path the simulator is mounted under ('' at the site root). */
  readonly basePath: string;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  readonly cookies: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string;
}

/** One route of a simulator's HTTP face; it answers from the model it is handed. */
export interface Route<M> {
  readonly method: string;
  /** A URLPattern pathname, e.g. `/status/user/:login/logout{.:format}?`. */
  readonly path: string;
  handle(model: M, req: SimRequest, params: Readonly<Record<string, string | undefined>>): SimResponse | Promise<SimResponse>;
}

/** What every simulator offers a binder: answers, from one model. */
export interface Simulator {
  answer(req: SimRequest, problems: Problem[]): Promise<SimResponse>;
}

/**
 * Where a simulator answers: a host name in process through nock, or a real HTTP
 * server on loopback. A binder knows no vendor; the scenario mounts a simulator on it.
 */
export interface Host {
  readonly origin: string;
  /** Answers from `sim` under `basePath` until unmounted (or another is mounted). */
  mount(sim: Simulator, basePath?: string, options?: MountOptions): Mount;
  close(): Promise<void>;
}

/** A problem the simulator saw that no step asserted on: it fails the scenario. */
export type Problem = string;

export interface Mount {
  /** Requests the simulator could not answer, and faults of its model. */
  readonly problems: readonly Problem[];
  unmount(): Promise<void>;
}

export interface MountOptions {
  /** Requests for which no answer ever comes (timeouts, interrupts). */
  readonly stall?: (req: SimRequest) => boolean;
  /** Milliseconds to hold a request before it is answered (answers that come after the client's timeout). */
  readonly delay?: (req: SimRequest) => number;
  /** Sees every request and its answer (tests collect the secrets that crossed the wire). */
  readonly observe?: (req: SimRequest, res: SimResponse) => void;
  /** Changes an answer after the model gave it (tests: a target that echoes what it got, or answers late after acting). */
  readonly alter?: (req: SimRequest, res: SimResponse) => SimResponse | Promise<SimResponse>;
  /** Names from `TRANSPORT_VARIATIONS`, applied to every answer. */
  readonly variations?: ReadonlySet<string>;
}

/**
 * Ways a conformant server may put the same answer on the wire, which a client must
 * read alike (RFC 9110, RFC 9112, XML 1.0). Each is a switch a run can turn on for
 * the simulators; any number at once.
 */
export const TRANSPORT_VARIATIONS = {
  gzip: 'bodies gzip-encoded (Content-Encoding: gzip): the harness sends no Accept-Encoding, so any coding is allowed (RFC 9110 12.5.3)',
  deflate: 'bodies deflate-encoded, zlib-wrapped (Content-Encoding: deflate, RFC 9110 8.4.1.2)',
  br: 'bodies brotli-encoded (Content-Encoding: br); with gzip or deflate on, all are applied in a row',
  chunked: 'bodies sent in several chunks with Transfer-Encoding: chunked and no Content-Length (RFC 9112 7.1)',
  'latin1-charset': 'text and XML bodies re-encoded as ISO-8859-1 with charset=ISO-8859-1 where every character fits (JSON stays UTF-8: RFC 8259 8.1)',
  'utf8-bom': 'text and XML bodies left in UTF-8 begin with a byte order mark (XML 1.0 4.3.3; JSON may not have one: RFC 8259 8.1)',
  'header-case': 'header names in upper case and media types in mixed case, both case-insensitive (RFC 9110 5.1, 8.3.1)',
} as const satisfies Record<string, string>;

export type TransportVariation = keyof typeof TRANSPORT_VARIATIONS;

/** The transport variations among requested switches: `http/<name>`, `http/*`, or `*` for all. */
export function transportVariations(requested: readonly string[]): ReadonlySet<string> {
  const all = Object.keys(TRANSPORT_VARIATIONS);
  return new Set(requested.flatMap((entry) => (entry === '*' || entry === 'http/*' ? all : entry.startsWith('http/') ? [entry.slice('http/'.length)] : [])));
}

/** An answer as bytes for a binder to write: a Content-Length and one piece, or chunked in several. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly pieces: readonly Buffer[];
}

/**
 * Where a binder's host (a loopback server, a nock host) keeps its simulator: one
 * host per system for a whole run, a fresh simulator mounted on it per scenario.
 */
export class MountPoint {
  #mounted: { sim: Simulator; basePath: string; problems: Problem[]; options: MountOptions } | undefined;

  /** Answers from `sim` under `basePath` until unmounted (or another is mounted). */
  mount(sim: Simulator, basePath: string, options: MountOptions): Mount {
    const unknown = [...(options.variations ?? [])].filter((v) => !Object.hasOwn(TRANSPORT_VARIATIONS, v));
    if (unknown.length) throw new HarnessError(`unknown transport variation ${unknown.join(', ')}; known: ${Object.keys(TRANSPORT_VARIATIONS).join(', ')}`);
    const mounted = { sim, basePath: basePath.replace(/\/$/, ''), problems: [] as Problem[], options };
    this.#mounted = mounted;
    return {
      problems: mounted.problems,
      unmount: async () => {
        if (this.#mounted === mounted) this.#mounted = undefined;
      },
    };
  }

  /**
   * Answers one request as it came off the wire: from the mounted simulator, or 503
   * when none is mounted. Undefined for a stalled request, which the binder holds
   * open and never answers: the client's timeout must end it.
   */
  async serve(method: string, url: URL, headers: Headers, body: string): Promise<WireAnswer | undefined> {
    const mounted = this.#mounted;
    if (!mounted)
      return onWire(method, { status: 503, headers: { 'content-type': 'text/plain' }, body: 'simulator: nothing is mounted on this host' }, new Set());
    const req = simRequest(method, url, mounted.basePath, headers, body);
    if (mounted.options.stall?.(req)) return undefined;
    const held = mounted.options.delay?.(req) ?? 0;
    if (held > 0) await new Promise((resolve) => setTimeout(resolve, held));
    const given = await mounted.sim.answer(req, mounted.problems);
    const res = mounted.options.alter ? await mounted.options.alter(req, given) : given;
    mounted.options.observe?.(req, res);
    return onWire(method, res, mounted.options.variations ?? new Set());
  }
}

const hasBody = (method: string, status: number): boolean => method !== 'HEAD' && status >= 200 && status !== 204 && status !== 304;
/** Text a charset may be changed for; JSON is UTF-8 only (RFC 8259 8.1). */
const isText = (type: string): boolean => /^text\/|[/+]xml\b/i.test(type) && !/json/i.test(type);
const ENCODERS: ReadonlyArray<readonly [TransportVariation, (b: Buffer) => Buffer]> = [
  ['deflate', deflateSync],
  ['gzip', gzipSync],
  // Brotli's defaults (its best quality, a 4 MiB window) are made for large files; for answers of a few
  // hundred bytes they make writing and reading cost many times more. Any quality and window decode alike.
  [
    'br',
    (b) =>
      brotliCompressSync(b, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: 16, [constants.BROTLI_PARAM_SIZE_HINT]: b.length },
      }),
  ],
];

/**
 * A simulator's answer as a server would write it, the variations switched on
 * applied: one function for both binders, so nock and loopback put the same bytes
 * and headers on the wire.
 */
export function onWire(method: string, res: SimResponse, variations: ReadonlySet<string>): WireAnswer {
  const headers: Record<string, string | readonly string[]> = {};
  for (const [name, value] of Object.entries(res.headers ?? {})) headers[name.toLowerCase()] = value;
  let type = String(headers['content-type'] ?? '');
  let bytes: Buffer = Buffer.from(res.body ?? '', 'utf8');
  const text = res.body ?? '';
  if (bytes.length && isText(type)) {
    if (variations.has('latin1-charset') && /^[\u0000-\u00ff]*$/.test(text)) {
      bytes = Buffer.from(text.replace(/^(<\?xml[^>]*\sencoding\s*=\s*["'])[^"']*/, '$1ISO-8859-1'), 'latin1');
      type = /;\s*charset=/i.test(type) ? type.replace(/(;\s*charset=)[^;]*/i, '$1ISO-8859-1') : `${type}; charset=ISO-8859-1`;
    } else if (variations.has('utf8-bom')) {
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    }
  }
  if (type) headers['content-type'] = variations.has('header-case') ? mixedCase(type) : type;
  const codings: string[] = [];
  if (bytes.length && hasBody(method, res.status)) {
    for (const [name, encode] of ENCODERS) {
      if (!variations.has(name)) continue;
      bytes = encode(bytes);
      codings.push(name);
    }
  }
  if (codings.length) headers['content-encoding'] = codings.join(', ');
  const chunked = variations.has('chunked') && bytes.length > 1 && hasBody(method, res.status);
  if (chunked) {
    delete headers['content-length'];
    headers['transfer-encoding'] = 'chunked';
  } else if (hasBody(method, res.status)) headers['content-length'] = String(bytes.length);
  const named = variations.has('header-case') ? Object.fromEntries(Object.entries(headers).map(([n, v]) => [n.toUpperCase(), v])) : headers;
  const half = Math.ceil(bytes.length / 2);
  const pieces = !hasBody(method, res.status) ? [] : chunked ? [bytes.subarray(0, half), bytes.subarray(half)] : [bytes];
  return { status: res.status, headers: named, pieces };
}

/** `Application/JSON; Charset=UTF-8`: every word's first letter up, the rest as it was. */
const mixedCase = (type: string): string => type.replace(/(^|[/;=\s-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());

/** The user and password a request's HTTP Basic authorization carries, if it carries one. */
export function basicCredentials(req: SimRequest): { readonly user: string; readonly password: string } | undefined {
  const [scheme, encoded] = (req.headers.get('authorization') ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !encoded) return undefined;
  const [user = '', ...password] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return { user, password: password.join(':') };
}

export function simRequest(method: string, url: URL, basePath: string, headers: Headers, body: string): SimRequest {
  return {
    method: method.toUpperCase(),
    path: url.pathname === basePath || url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) || '/' : '',
    pathname: url.pathname,
    basePath,
    query: url.searchParams,
    headers,
    cookies: getCookies(headers),
    body,
  };
}

/**
 * A simulator's routes, their patterns compiled once, when the system's module
 * loads; each scenario hands it a model of its own. Unmatched requests and model
 * faults answer loudly (501 / 500 with a body naming them) and are recorded as
 * problems, so a scenario can never pass on a request the simulator did not understand.
 */
export class RouteTable<M> {
  readonly #routes: readonly { readonly route: Route<M>; readonly pattern: URLPattern }[];

  constructor(routes: readonly Route<M>[]) {
    this.#routes = routes.map((route) => ({ route, pattern: new URLPattern({ pathname: route.path }) }));
  }

  async answer(model: M, req: SimRequest, problems: Problem[]): Promise<SimResponse> {
    if (req.path === '') {
      problems.push(`${req.method} ${req.pathname}: outside the simulator's base path ${req.basePath}`);
      return { status: 501, body: `simulator: nothing is mounted at ${req.pathname}` };
    }
    for (const { route, pattern } of this.#routes) {
      if (route.method !== req.method) continue;
      const groups = pattern.exec({ pathname: req.path })?.pathname.groups;
      if (!groups) continue;
      try {
        return await route.handle(model, req, groups);
      } catch (err) {
        problems.push(`${req.method} ${req.path}: simulator fault: ${(err as Error).message}`);
        return { status: 500, body: `simulator fault: ${(err as Error).message}` };
      }
    }
    problems.push(`${req.method} ${req.path}: the simulator has no route for it`);
    return { status: 501, body: `simulator: no route for ${req.method} ${req.path}` };
  }
}

/** A table bound to one model: what a binder mounts. */
export const simulatorOf = <M>(table: RouteTable<M>, model: M): Simulator => ({ answer: (req, problems) => table.answer(model, req, problems) });
