import type { SystemKey } from '../../support/systems/index.ts';

/**
 * Runs that several systems share, each with its own switches on its own simulator: the
 * i-th round takes the i-th item of each system's list, so there are as many rounds as
 * the longest list has items, and each item is alone in its system within its round.
 */
export function roundsOf<T>(items: Readonly<Partial<Record<SystemKey, readonly T[]>>>): Partial<Record<SystemKey, T>>[] {
  const lists = Object.entries(items) as [SystemKey, readonly T[]][];
  const count = Math.max(0, ...lists.map(([, list]) => list.length));
  return Array.from({ length: count }, (_, i) => Object.fromEntries(lists.flatMap(([key, list]) => (i < list.length ? [[key, list[i]]] : []))));
}
