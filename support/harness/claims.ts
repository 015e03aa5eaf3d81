import { accountPoolsOf, isSystemKey, systems, type SystemKey } from '../systems/index.ts';
import type { Take } from '../systems/system.ts';

/** Just what the rules read of a scenario: cucumber's pickle has it, and so has a test's. */
export interface ScenarioOutline {
  readonly id?: string;
  readonly tags: readonly { readonly name: string }[];
  readonly steps: readonly { readonly text: string }[];
}

/**
 * What one scenario takes on its target while it runs, from its system's resource
 * rules. `unmatched`: steps no rule reads; such a scenario runs alone within its
 * system, as does one whose system cannot be told.
 */
export interface Claim {
  readonly system: SystemKey | undefined;
  readonly takes: ReadonlyMap<string, Take>;
  readonly unmatched: readonly string[];
  /** About how many round trips the scenario waits for, from its steps' rules. */
  readonly weight: number;
}

/** Sizes of the counted pools of a system's target (licence seats). */
export type Pools = (system: SystemKey) => Readonly<Record<string, number>>;

const stronger = (a: Take | undefined, b: Take): Take => {
  if (a === undefined) return b;
  if (a === 'exclusive' || b === 'exclusive') return 'exclusive';
  if (typeof a === 'number' && typeof b === 'number') return Math.max(a, b);
  return typeof a === 'number' ? a : b;
};

/** Which units of its system's account pools each scenario was given, by pickle id. */
export type Assignment = ReadonlyMap<string, Readonly<Record<string, readonly number[]>>>;

/**
 * A scenario's claim. Given an assignment, the account units it was given are its
 * own alone (`user#1`), in place of "some units of the pool"; shared, when the pool is.
 */
export function claimOf(scenario: ScenarioOutline, assignment?: Assignment): Claim {
  const keys = scenario.tags.map((t) => t.name.slice(1)).filter(isSystemKey);
  const system = keys.length === 1 ? keys[0] : undefined;
  if (!system) return { system, takes: new Map(), unmatched: scenario.steps.map((s) => s.text), weight: scenario.steps.length };
  const { rules } = systems[system].resources;
  const takes = new Map<string, Take>();
  const unmatched: string[] = [];
  let weight = 0;
  for (const { text } of scenario.steps) {
    const matching = rules.filter((r) => r.step.test(text));
    if (!matching.length) unmatched.push(text);
    weight += Math.max(1, ...matching.map((r) => r.weight ?? 1));
    for (const rule of matching) for (const [name, take] of Object.entries(rule.takes)) takes.set(name, stronger(takes.get(name), take));
  }
  const given = scenario.id === undefined ? undefined : assignment?.get(scenario.id);
  for (const [pool, owned] of Object.entries(given ?? {})) {
    // A pool shared is shared unit by unit too: scenarios given the same account overlap.
    const take = takes.get(pool) === 'shared' ? 'shared' : 'exclusive';
    takes.delete(pool);
    for (const unit of owned) takes.set(`${pool}#${unit}`, take);
  }
  return { system, takes, unmatched, weight };
}

/**
 * Gives each scenario the units of its system's account pools that its rules take,
 * before the run starts: in the order given, to the units with the least work so far
 * (the weight of the scenarios given them; the lowest first when even). Nothing here
 * depends on the concurrency, so a scenario signs in as the same test accounts at
 * any, and its transcript reads the same.
 */
export function assignUnits(scenarios: readonly ScenarioOutline[], pools: Pools): Assignment {
  const work = new Map<string, number[]>();
  const assignment = new Map<string, Record<string, readonly number[]>>();
  for (const scenario of scenarios) {
    const claim = claimOf(scenario);
    if (!claim.system || scenario.id === undefined) continue;
    const given: Record<string, readonly number[]> = {};
    for (const pool of accountPoolsOf(claim.system)) {
      const take = claim.takes.get(pool);
      if (take === undefined) continue;
      const size = pools(claim.system)[pool] ?? 1;
      const key = `${claim.system}/${pool}`;
      const load = work.get(key) ?? new Array<number>(size).fill(0);
      work.set(key, load);
      const chosen = [...load.keys()]
        .sort((a, b) => (load[a] as number) - (load[b] as number) || a - b)
        .slice(0, Math.max(1, units(take, size)))
        .sort((a, b) => a - b);
      for (const unit of chosen) load[unit] = (load[unit] as number) + claim.weight;
      given[pool] = chosen;
    }
    if (Object.keys(given).length) assignment.set(scenario.id, given);
  }
  return assignment;
}

/** Units of a pool of `size` a take holds: all of it when exclusive, never more than there are. */
const units = (take: Take, size: number): number => (take === 'exclusive' ? size : take === 'shared' ? 0 : Math.min(take, size));

/** Whether a scenario may start while `running` ones run, against targets whose pools `pools` sizes. */
export function fits(claim: Claim, running: readonly Claim[], pools: Pools): boolean {
  const alongside = running.filter((r) => r.system === claim.system);
  if (!alongside.length) return true;
  // A scenario whose system or steps the rules do not know runs alone (within its system).
  if (!claim.system || claim.unmatched.length || alongside.some((r) => r.unmatched.length)) return false;
  const sizes = pools(claim.system);
  for (const [name, take] of claim.takes) {
    const held = alongside.flatMap((r) => (r.takes.has(name) ? [r.takes.get(name) as Take] : []));
    if (!held.length) continue;
    const size = sizes[name];
    if (size !== undefined) {
      if (take === 'shared' && held.every((h) => h === 'shared')) continue;
      if (held.reduce<number>((sum, h) => sum + units(h, size), 0) + Math.max(1, units(take, size)) > size) return false;
      continue;
    }
    if (take === 'shared' && held.every((h) => h === 'shared')) continue;
    return false;
  }
  return true;
}

/** A `canAssign` as cucumber's `setParallelCanAssign` takes it, claims read once per scenario. */
export function scheduler(pools: Pools, assignment?: Assignment): (scenario: ScenarioOutline, running: readonly ScenarioOutline[]) => boolean {
  const claims = new Map<ScenarioOutline, Claim>();
  const claim = (s: ScenarioOutline): Claim => {
    let c = claims.get(s);
    if (!c) claims.set(s, (c = claimOf(s, assignment)));
    return c;
  };
  return (scenario, running) => fits(claim(scenario), running.map(claim), pools);
}
