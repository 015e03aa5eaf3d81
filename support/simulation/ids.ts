import { createHash } from 'node:crypto';

/**
 * Opaque-looking, deterministic values for the simulators' session ids, cookies,
 * tickets and tokens: the same run yields the same values, and no two kinds or
 * systems collide.
 */
export const opaqueId = (scope: string, n: number, length = 32): string => createHash('sha256').update(`${scope}:${n}`).digest('hex').slice(0, length);
