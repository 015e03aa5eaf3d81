import { Readable } from 'node:stream';
import nock from 'nock';
import { Headers } from 'undici';
import { MountPoint, type Host, type Mount, type MountOptions, type Simulator } from './route-table.ts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

/**
 * In simulator mode nothing may leave the process: an unmocked host fails at once.
 * Returns the release, which takes nock out of the process again so a later run
 * in it (loopback, live) reaches real sockets.
 */
export function isolateNetwork(): () => void {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  return () => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  };
}

/** nock's refusal of a host no simulator serves, in words: the stage hands this to the HTTP client. */
export function describeNockFailure(err: unknown): string | undefined {
  const e = err as { message?: string; cause?: { message?: string } };
  return /Disallowed net connect/.test(`${e.message ?? ''} ${e.cause?.message ?? ''}`)
    ? 'no simulator answers for this host (real network is off in simulator mode)'
    : undefined;
}

/**
 * One simulated host, in process, through nock: the in-process twin of
 * `LoopbackHost`. Its interceptors are set up once for a whole run; scenarios
 * mount a fresh simulator on it rather than adding and removing interceptors each.
 */
export class NockHost implements Host {
  readonly origin: string;
  readonly #mountPoint = new MountPoint();

  constructor(origin: string) {
    this.origin = origin;
    const scope = nock(origin).persist();
    for (const method of METHODS) scope.intercept(/.*/, method).reply(async (request: Request) => this.#reply(method, request));
  }

  /** Answers from `sim` under `basePath` until unmounted (or another is mounted). */
  mount(sim: Simulator, basePath = '', options: MountOptions = {}): Mount {
    return this.#mountPoint.mount(sim, basePath, options);
  }

  /** Nothing of its own to close: its interceptors go when the run's `isolateNetwork` is released. */
  async close(): Promise<void> {}

  async #reply(method: string, request: Request): Promise<[number, Buffer | Readable, Record<string, string | readonly string[]>]> {
    // Answer in a later turn of the event loop, as an answer from a socket comes.
    // Without that turn a whole run is one unbroken chain of promises: the client's
    // pool never gets its connection back (one new connection per request) and
    // nothing else that waits on the loop — report files being written — gets a turn.
    await new Promise((resolve) => setImmediate(resolve));
    const res = await this.#mountPoint.serve(method, new URL(request.url), new Headers([...request.headers]), await request.text());
    if (!res) return new Promise(() => {}); // stalled: never answered
    // The answer carries a Content-Length unless it is chunked: self-delimiting, so
    // the client keeps its connection instead of opening one per request.
    return [res.status, res.pieces.length > 1 ? Readable.from(res.pieces) : Buffer.concat(res.pieces), res.headers];
  }
}
