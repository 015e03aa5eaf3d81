import { AsyncLocalStorage } from 'node:async_hooks';

/** Which branch of each `together` the code running now is in, outermost first. */
const branch = new AsyncLocalStorage<readonly number[]>();
export const branchPath = (): readonly number[] => branch.getStore() ?? [];

/**
 * Puts a list's entries from `from` on in the order of the branches that made them
 * (their index at `depth`), each branch's own in the order they came: what ran side
 * by side reads as if the branches had run one after another. Entries of no branch
 * go last.
 */
export function inBranchOrder<T>(list: T[], from: number, depth: number, pathOf: (entry: T) => readonly number[] | undefined): void {
  const tail = list.splice(from).map((entry, i) => ({ entry, i, at: pathOf(entry)?.[depth] ?? Number.MAX_SAFE_INTEGER }));
  tail.sort((a, b) => a.at - b.at || a.i - b.i);
  list.push(...tail.map((t) => t.entry));
}

/** The pieces of work of one `together`, each a function answering a promise of its own type. */
export type Branches<T extends readonly unknown[]> = { readonly [K in keyof T]: () => Promise<T[K]> };

/**
 * Runs every branch at once and waits for all of them, even when one fails; then
 * `settle` puts what they recorded in branch order (given the depth of this
 * `together`), and the first failure in branch order is thrown. So requests that do
 * not depend on each other cost one round trip, and the evidence, the clean-ups and
 * the failure a scenario reports are the same however the answers raced.
 */
export async function runTogether<T extends readonly unknown[]>(work: Branches<T>, settle: (depth: number) => void = () => {}): Promise<T> {
  const path = branchPath();
  const settled = await Promise.allSettled(work.map((run, i) => branch.run([...path, i], run)));
  settle(path.length);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
