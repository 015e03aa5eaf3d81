import type { Exchange } from '../../support/http/exchange.ts';

/**
 * A scenario's exchanges as two runs of it must agree on them: no host, port or
 * transport headers; the simulators' opaque ids (ids.ts, and the infoRouter's
 * UUID tickets) named by their first appearance in the scenario, as two requests
 * sent together may reach a simulator in either order and a served one numbers the
 * whole run's; and a served simulator's times (on the real clock) as «time».
 */
export function comparable(exchanges: readonly Exchange[]) {
  const names = new Map<string, string>();
  const named = (text: string | readonly string[] | undefined) =>
    (Array.isArray(text) ? text.join('\n') : (text as string | undefined))
      ?.replace(
        /\b[0-9a-f]{32}\b|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b/g,
        (id) => names.get(id) ?? (names.set(id, `«id ${names.size + 1}»`), `«id ${names.size}»`),
      )
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, '«time»');
  return exchanges.map((ex) => {
    const url = new URL(ex.request.url);
    const header = (name: string) => ex.response?.headers[name];
    return {
      request: named(`${ex.request.method} ${url.pathname}${url.search}`),
      status: ex.response?.status,
      body: named(ex.response?.body),
      setCookie: named(header('set-cookie')),
      location: named(header('location')),
      contentType: header('content-type'),
    };
  });
}
