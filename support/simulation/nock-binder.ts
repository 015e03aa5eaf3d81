import nock from 'nock';
import { Headers } from 'undici';
import { answer, simRequest, type Mount, type Problem, type SimResponse, type Simulator } from './route-table.ts';

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

const hasBody = (status: number): boolean => status >= 200 && status !== 204 && status !== 304;
const hasHeader = (headers: SimResponse['headers'], name: string): boolean => Object.keys(headers ?? {}).some((h) => h.toLowerCase() === name);

/** Mounts a simulator's route table at a base URL, in process, through nock. */
export function mountOnNock(baseUrl: string, sim: Simulator): Mount {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const problems: Problem[] = [];
  const scope = nock(base.origin).persist();
  const interceptors = METHODS.map((method) => {
    const interceptor = scope.intercept(/.*/, method);
    interceptor.reply(async (request: Request) => {
      // Answer in a later turn of the event loop, as an answer from a socket comes.
      // Without that turn a whole run is one unbroken chain of promises: the client's
      // pool never gets its connection back (one new connection per request) and
      // nothing else that waits on the loop — report files being written — gets a turn.
      await new Promise((resolve) => setImmediate(resolve));
      const req = simRequest(method, new URL(request.url), basePath, new Headers([...request.headers]), await request.text());
      const res = await answer(sim, req, problems);
      const body = res.body ?? '';
      // Framed as node:http frames it on loopback: a length makes the answer
      // self-delimiting, so the client keeps its connection instead of opening one per request.
      const framed = hasBody(res.status) && !hasHeader(res.headers, 'content-length') ? { 'content-length': String(Buffer.byteLength(body)) } : {};
      return [res.status, body, { ...res.headers, ...framed }];
    });
    return interceptor;
  });
  return {
    problems,
    async unmount() {
      for (const interceptor of interceptors) nock.removeInterceptor(interceptor);
    },
  };
}
