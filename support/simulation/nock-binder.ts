import nock from 'nock';
import { Headers } from 'undici';
import { answer, simRequest, type Mount, type Problem, type Simulator } from './route-table.ts';

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

/** Mounts a simulator's route table at a base URL, in process, through nock. */
export function mountOnNock(baseUrl: string, sim: Simulator): Mount {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const problems: Problem[] = [];
  const scope = nock(base.origin).persist();
  const interceptors = METHODS.map((method) => {
    const interceptor = scope.intercept(/.*/, method);
    interceptor.reply(async (request: Request) => {
      const req = simRequest(method, new URL(request.url), basePath, new Headers([...request.headers]), await request.text());
      const res = await answer(sim, req, problems);
      return [res.status, res.body ?? '', res.headers ?? {}];
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
