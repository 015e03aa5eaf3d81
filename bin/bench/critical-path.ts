import { fits, type Claim, type Pools } from '../../support/harness/claims.ts';

/** One request as the bench saw it end: its scenario, and when it was under way. */
export interface Timed {
  readonly scenario: string;
  readonly start: number;
  readonly end: number;
}

/** The run's critical path, and each scenario's own: the round trips it waited for one after another. */
export interface Chains {
  /** Requests on the longest chain of the run. */
  readonly length: number;
  /** How many requests of each scenario lie on that chain, by scenario. */
  readonly along: ReadonlyMap<string, number>;
  /** The longest chain within each scenario alone, by scenario. */
  readonly own: ReadonlyMap<string, number>;
}

/**
 * The run's critical path in requests: the longest chain in which each request had
 * to wait for the one before it — the previous request of its own scenario, or a
 * request of a scenario its rules kept it from running beside. Requests of one
 * scenario sent together, and scenarios free to overlap, are not a chain.
 */
export function criticalPath(requests: readonly Timed[], claims: ReadonlyMap<string, Claim>, pools: Pools): number {
  return chains(requests, claims, pools).length;
}

/** The critical path with the scenarios it runs through, and each scenario's own chain. */
export function chains(requests: readonly Timed[], claims: ReadonlyMap<string, Claim>, pools: Pools): Chains {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const waits = (a: Timed, b: Timed): boolean => {
    if (a.end > b.start) return false;
    if (a.scenario === b.scenario) return true;
    const ca = claims.get(a.scenario);
    const cb = claims.get(b.scenario);
    return !ca || !cb || !fits(cb, [ca], pools);
  };
  const longest: number[] = [];
  const before: number[] = [];
  const own: number[] = [];
  for (const [i, b] of sorted.entries()) {
    let best = 0;
    let from = -1;
    let mine = 0;
    for (let j = 0; j < i; j++) {
      const a = sorted[j] as Timed;
      if (!waits(a, b)) continue;
      if ((longest[j] as number) > best) [best, from] = [longest[j] as number, j];
      if (a.scenario === b.scenario) mine = Math.max(mine, own[j] as number);
    }
    longest.push(best + 1);
    before.push(from);
    own.push(mine + 1);
  }
  const along = new Map<string, number>();
  let at = longest.indexOf(Math.max(...longest));
  for (; at >= 0; at = before[at] as number) {
    const scenario = (sorted[at] as Timed).scenario;
    along.set(scenario, (along.get(scenario) ?? 0) + 1);
  }
  const ownOf = new Map<string, number>();
  for (const [i, r] of sorted.entries()) ownOf.set(r.scenario, Math.max(ownOf.get(r.scenario) ?? 0, own[i] as number));
  return { length: Math.max(0, ...longest), along, own: ownOf };
}
