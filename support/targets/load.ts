import { readFile } from 'node:fs/promises';
import type { ErrorObject } from 'ajv';
import { HarnessError } from '../http/errors.ts';
import { redactor } from '../http/redact.ts';
import type { SystemKey } from '../systems/index.ts';
import type { TargetConfig } from '../systems/system.ts';
import { targetsSchema } from './schema.ts';

export interface Targets {
  readonly path: string;
  readonly timeoutMs?: number;
  readonly tls?: { readonly ca?: string; readonly insecure?: boolean };
  readonly systems: Partial<Record<SystemKey, TargetConfig & Record<string, unknown>>>;
}

/** A targets file that cannot be used: the run cannot start (exit code 2). */
export class TargetsFileError extends HarnessError {
  constructor(path: string, problem: string) {
    super(`targets file ${path}: ${problem}`);
  }
}

const SECRET_KEY = /password|secret|token|pwd/i;

/** Reads, resolves `{"env": NAME}`, validates and returns a targets file. Every secret in it is registered for redaction. */
export async function loadTargets(path: string, env: NodeJS.ProcessEnv = process.env): Promise<Targets> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new TargetsFileError(path, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new TargetsFileError(path, `not valid JSON: ${(err as Error).message}`);
  }
  const resolved = resolveEnv(raw, [], path, env);
  // Loaded here, not at the top: only a live run reads a targets file, and ajv takes ~20 ms to load.
  const { Ajv } = await import('ajv');
  const validate = new Ajv({ allErrors: true, strict: false }).compile(targetsSchema());
  if (!validate(resolved)) throw new TargetsFileError(path, describe(validate.errors ?? []));
  return { ...(resolved as Omit<Targets, 'path'>), path };
}

function resolveEnv(value: unknown, at: string[], path: string, env: NodeJS.ProcessEnv): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolveEnv(v, [...at, String(i)], path, env));
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && SECRET_KEY.test(at.at(-1) ?? '')) redactor.register(value);
    return value;
  }
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]?.[0] === 'env') {
    const name = entries[0][1];
    if (typeof name !== 'string') throw new TargetsFileError(path, `${field(at)}: "env" must name an environment variable`);
    const found = env[name];
    if (found === undefined || found === '') throw new TargetsFileError(path, `${field(at)}: environment variable ${name} is not set`);
    redactor.register(found);
    return found;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveEnv(v, [...at, k], path, env)]));
}

const field = (at: readonly string[]): string => at.join('.') || '(top level)';

/** Ajv's errors as one line: the field, then what is wrong with it. */
function describe(errors: readonly ErrorObject[]): string {
  const lines = errors.filter((e) => e.keyword !== 'if').map((e) => {
    const at = field(e.instancePath.split('/').filter(Boolean));
    if (e.keyword === 'additionalProperties') return `${at}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    if (e.keyword === 'required') return `${at}: missing field "${(e.params as { missingProperty: string }).missingProperty}"`;
    return `${at}: ${e.message ?? e.keyword}`;
  });
  const unique = [...new Set(lines)];
  return unique.slice(0, 3).join('; ') + (unique.length > 3 ? ` (and ${unique.length - 3} more)` : '');
}
