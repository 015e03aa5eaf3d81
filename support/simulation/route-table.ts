import { getCookies, type Headers } from 'undici';

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

export interface Route {
  readonly method: string;
  /** A URLPattern pathname, e.g. `/status/user/:login/logout{.:format}?`. */
  readonly path: string;
  handle(req: SimRequest, params: Readonly<Record<string, string | undefined>>): SimResponse | Promise<SimResponse>;
}

/** What every simulator offers a binder. */
export interface Simulator {
  readonly routes: readonly Route[];
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
  /** Sees every request and its answer (tests collect the secrets that crossed the wire). */
  readonly observe?: (req: SimRequest, res: SimResponse) => void;
}

/**
 * Where a binder's host (a loopback server, a nock host) keeps its simulator: one
 * host per system for a whole run, a fresh simulator mounted on it per scenario.
 */
export class MountPoint {
  #mounted: { sim: Simulator; basePath: string; problems: Problem[]; options: MountOptions } | undefined;

  /** Answers from `sim` under `basePath` until unmounted (or another is mounted). */
  mount(sim: Simulator, basePath: string, options: MountOptions): Mount {
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
  async serve(method: string, url: URL, headers: Headers, body: string): Promise<SimResponse | undefined> {
    const mounted = this.#mounted;
    if (!mounted) return { status: 503, headers: { 'content-type': 'text/plain' }, body: 'simulator: nothing is mounted on this host' };
    const req = simRequest(method, url, mounted.basePath, headers, body);
    if (mounted.options.stall?.(req)) return undefined;
    const res = await answer(mounted.sim, req, mounted.problems);
    mounted.options.observe?.(req, res);
    return res;
  }
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

/** A route's pattern, and the literal text every path it matches starts with (a cheap test before the pattern's). */
interface Compiled {
  readonly pattern: URLPattern;
  readonly prefix: string;
}
// By path, not by route: every scenario builds its simulator, and so its routes, afresh.
const compiled = new Map<string, Compiled>();
const compile = (route: Route): Compiled => {
  let c = compiled.get(route.path);
  if (!c) compiled.set(route.path, (c = { pattern: new URLPattern({ pathname: route.path }), prefix: /^[^:*{(\\]*/.exec(route.path)?.[0] ?? '' }));
  return c;
};

/**
 * Answers one request from a table. Unmatched requests and model faults answer
 * loudly (501 / 500 with a body naming them) and are recorded as problems, so a
 * scenario can never pass on a request the simulator did not understand.
 */
export async function answer(sim: Simulator, req: SimRequest, problems: Problem[]): Promise<SimResponse> {
  if (req.path === '') {
    problems.push(`${req.method} ${req.pathname}: outside the simulator's base path ${req.basePath}`);
    return { status: 501, body: `simulator: nothing is mounted at ${req.pathname}` };
  }
  for (const route of sim.routes) {
    if (route.method !== req.method) continue;
    const { pattern, prefix } = compile(route);
    if (!req.path.startsWith(prefix)) continue;
    // A path with no parameters matches itself alone; URLPattern is for the others (about 10 µs a try, warm).
    const groups = prefix === route.path ? (req.path === prefix ? {} : undefined) : pattern.exec({ pathname: req.path })?.pathname.groups;
    if (!groups) continue;
    try {
      return await route.handle(req, groups);
    } catch (err) {
      problems.push(`${req.method} ${req.path}: simulator fault: ${(err as Error).message}`);
      return { status: 500, body: `simulator fault: ${(err as Error).message}` };
    }
  }
  problems.push(`${req.method} ${req.path}: the simulator has no route for it`);
  return { status: 501, body: `simulator: no route for ${req.method} ${req.path}` };
}
