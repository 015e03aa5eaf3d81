import { byName } from '../report/document.ts';

/**
 * Deployments a CI job takes: the named ones (all when none are named), then, with a
 * shard `i/n`, every n-th by name from the i-th — so each deployment is in exactly
 * one shard, whatever order the targets file lists them in.
 */
export function selectDeployments(
  names: readonly string[],
  options: { deployments?: readonly string[]; shard?: string },
): { selected: string[]; unknown: string[] } {
  const unknown = (options.deployments ?? []).filter((n) => !names.includes(n));
  const chosen = options.deployments ? names.filter((n) => options.deployments?.includes(n)) : [...names];
  if (!options.shard) return { selected: chosen, unknown };
  const [index, total] = options.shard.split('/').map(Number) as [number, number];
  return { selected: [...chosen].sort(byName).filter((_, i) => i % total === index - 1), unknown };
}
