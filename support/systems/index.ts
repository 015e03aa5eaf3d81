import { acumatica } from './acumatica/index.ts';
import { flexi } from './flexi/index.ts';
import { inforouter } from './inforouter/index.ts';
import { sapMobileServices } from './sap-mobile-services/index.ts';

/** Every system the harness knows, by the key used in folders, tags, catalogs and reports. */
export const systems = { acumatica, flexi, inforouter, 'sap-mobile-services': sapMobileServices } as const;

export type Systems = typeof systems;
export type SystemKey = keyof Systems;
export type ModelOf<K extends SystemKey> = ReturnType<Systems[K]['simulate']>['model'];
export type ClientOf<K extends SystemKey> = ReturnType<Systems[K]['connect']>;
export type ConfigOf<K extends SystemKey> = Parameters<Systems[K]['connect']>[1];

export const systemKeys = Object.keys(systems) as SystemKey[];
export const isSystemKey = (key: string): key is SystemKey => Object.hasOwn(systems, key);

/**
 * The switches (defects or variations) requested for one system, from entries of the
 * form `<system>/<name>`, `<system>/*` or `*`; an unknown name is an error naming
 * what the system has.
 */
export function switchesFor(key: SystemKey, kind: 'defects' | 'variations', requested: readonly string[]): ReadonlySet<string> {
  const known: Readonly<Record<string, unknown>> = systems[key][kind];
  const mine = new Set<string>();
  for (const entry of requested) {
    if (entry === '*') {
      for (const name of Object.keys(known)) mine.add(name);
      continue;
    }
    const [system, name] = entry.split('/', 2);
    if (system !== key || name === undefined) continue;
    if (name === '*') for (const n of Object.keys(known)) mine.add(n);
    else if (Object.hasOwn(known, name)) mine.add(name);
    else throw new Error(`unknown ${kind === 'defects' ? 'defect' : 'variation'} "${entry}"; ${key} has: ${Object.keys(known).join(', ') || 'none'}`);
  }
  return mine;
}

/** The size of each counted pool of a system's target (licence seats, test accounts); none without a target. */
export function poolsOf(key: SystemKey, config: unknown): Readonly<Record<string, number>> {
  const { pools } = systems[key].resources as { pools?: (config: unknown) => Readonly<Record<string, number>> };
  return (config !== undefined && pools?.(config)) || {};
}

/** A system's counted pools whose units are test accounts (ResourceRules.accounts). */
export const accountPoolsOf = (key: SystemKey): readonly string[] => systems[key].resources.accounts ?? [];
