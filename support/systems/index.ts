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
