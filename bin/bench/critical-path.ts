import { fits, type Claim, type Pools } from '../../support/harness/claims.ts';

/** One request as the bench saw it end: its scenario, and when it was under way. */
export interface Timed {
  readonly scenario: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The run's critical path in requests: the longest chain in which each request had
 * to wait for the one before it — the previous request of its own scenario, or a
 * request of a scenario its rules kept it from running beside. Requests of one
 * scenario sent together, and scenarios free to overlap, are not a chain.
 */
export function criticalPath(requests: readonly Timed[], claims: ReadonlyMap<string, Claim>, pools: Pools): number {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const waits = (a: Timed, b: Timed): boolean => {
    if (a.end > b.start) return false;
    if (a.scenario === b.scenario) return true;
    const ca = claims.get(a.scenario);
    const cb = claims.get(b.scenario);
    return !ca || !cb || !fits(cb, [ca], pools);
  };
  const longest: number[] = [];
  for (const [i, b] of sorted.entries()) {
    let best = 0;
    for (let j = 0; j < i; j++) if ((longest[j] as number) > best && waits(sorted[j] as Timed, b)) best = longest[j] as number;
    longest.push(best + 1);
  }
  return Math.max(0, ...longest);
}
