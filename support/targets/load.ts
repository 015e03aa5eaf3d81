import { readFile, stat } from 'node:fs/promises';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { TlsSettingError, tlsConnectOptions } from '../http/dispatcher.ts';
import { HarnessError } from '../http/errors.ts';
import { redactor } from '../http/redact/index.ts';
import { accountNamesIn } from '../systems/accounts.ts';
import type { SystemKey } from '../systems/index.ts';
import type { TargetConfig } from '../systems/system.ts';
import { deploymentSchema, targetsSchema, type FleetFile, type FleetPart, type TargetsFile } from './schema.ts';

export interface Targets extends Omit<TargetsFile, '$schema' | 'systems'> {
  readonly path: string;
  readonly systems: { readonly [K in SystemKey]?: TargetConfig & Record<string, unknown> };
}

/** One deployment of a fleet: its name and its targets, the defaults merged in. */
export interface Deployment {
  readonly name: string;
  readonly targets: Targets;
}

/** A targets file naming several deployments. */
export interface Fleet {
  readonly path: string;
  readonly deployments: readonly Deployment[];
}

export const isFleetTargets = (loaded: Targets | Fleet): loaded is Fleet => 'deployments' in loaded;

/** A targets file that cannot be used: the run cannot start (exit code 2). */
export class TargetsFileError extends HarnessError {
  constructor(path: string, problem: string) {
    super(`targets file ${path}: ${problem}`);
  }
}

/** A targets file is a few kilobytes; anything near this is not one. */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Any value, from the file or the environment. Longer ones are not passwords or paths, and would bloat the redactor. */
export const MAX_STRING_LENGTH = 4096;
/** A targets file nests four or five levels; this bound keeps resolving it from recursing without end. */
export const MAX_DEPTH = 32;

const SECRET_KEY = /password|passphrase|secret|token|pwd/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/**
 * The targets file a run should use, from CONFORMANCE_TARGETS: undefined when it is not
 * set (the simulators run). Set but blank is a mistake, not a wish for the simulators.
 */
export function targetsPathFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = env.CONFORMANCE_TARGETS;
  if (path === undefined) return undefined;
  if (path.trim() === '') throw new HarnessError('CONFORMANCE_TARGETS is set but empty: name a targets file, or unset it to run the built-in simulators');
  return path;
}

/**
 * Reads, resolves `{"env": NAME}`, validates and returns a targets file of one
 * deployment, and checks the files its `tls` names. Every secret in it is registered
 * for redaction. No message quotes a value of the file: a password may be among them.
 */
export async function loadTargets(path: string, env: NodeJS.ProcessEnv = process.env): Promise<Targets> {
  const loaded = await loadTargetsFile(path, env);
  if (isFleetTargets(loaded))
    throw new TargetsFileError(path, `names ${loaded.deployments.length} deployments; run it with logout-conformance (npm run conformance), which checks each`);
  return loaded;
}

// Validators compiled once per process, each when first needed: the schemas never change in
// one, and compiling costs far more than validating (each run of a fleet's deployments, or
// of a test, loads its targets file again).
let ajv: Promise<Ajv> | undefined;
// Loaded at first use, not at the top: only a live run reads a targets file, and ajv takes ~20 ms to load.
const loadAjv = async () => new (await import('ajv')).Ajv({ allErrors: true, strict: false });
function compiledOnce<T>(schema: () => object): () => Promise<ValidateFunction<T>> {
  let validate: Promise<ValidateFunction<T>> | undefined;
  return () => (validate ??= (ajv ??= loadAjv()).then((instance) => instance.compile<T>(schema())));
}
const fileValidator = compiledOnce<TargetsFile | FleetFile>(targetsSchema);
const deploymentValidator = compiledOnce<TargetsFile>(deploymentSchema);

/** A targets file of one deployment, or of a fleet: each deployment checked as a file of its own would be. */
export async function loadTargetsFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<Targets | Fleet> {
  const text = await readTargetsFile(path);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new TargetsFileError(path, `not valid JSON: ${jsonProblem(err as Error)}`);
  }
  if (depthExceeds(raw, MAX_DEPTH)) throw new TargetsFileError(path, `nested deeper than ${MAX_DEPTH} levels`);
  const resolved = resolveEnv(raw, [], path, env);
  const validate = await fileValidator();
  if (!validate(resolved)) throw new TargetsFileError(path, describe(validate.errors ?? []));
  if (!('deployments' in resolved)) return checked(resolved, path, '');
  const one = await deploymentValidator();
  const defaults: FleetPart = resolved.defaults ?? {};
  const deployments = await Promise.all(
    Object.entries(resolved.deployments).map(async ([name, own]) => {
      const merged: TargetsFile = {
        ...((own.timeoutMs ?? defaults.timeoutMs) ? { timeoutMs: own.timeoutMs ?? defaults.timeoutMs } : {}),
        ...(own.tls || defaults.tls ? { tls: { ...defaults.tls, ...own.tls } } : {}),
        systems: Object.fromEntries(
          Object.entries(own.systems ?? {}).map(([key, entry]) => [key, { ...defaults.systems?.[key as SystemKey], ...entry }]),
        ) as TargetsFile['systems'],
      };
      const at = `deployments.${name}.`;
      if (!one(merged)) throw new TargetsFileError(path, describe(one.errors ?? [], at));
      return { name, targets: await checked(merged, path, at) };
    }),
  );
  return { path, deployments };
}

/** What the schema cannot say: base URLs that parse, and TLS files that exist and fit. */
async function checked(resolved: TargetsFile, path: string, at: string): Promise<Targets> {
  for (const [key, target] of Object.entries(resolved.systems)) {
    const problem = target && baseUrlProblem(target.baseUrl);
    if (problem) throw new TargetsFileError(path, `${at}systems.${key}.baseUrl: ${problem}`);
    const twice = target && sameUserTwice(target);
    if (twice)
      throw new TargetsFileError(
        path,
        `${at}systems.${key}.${twice[1]}: the same user as ${twice[0] || 'the entry itself'}; each account must be a user of its own (scenarios given different ones run side by side, and a logout ends every session of its user)`,
      );
  }
  if (resolved.tls) {
    try {
      await tlsConnectOptions(resolved.tls);
    } catch (err) {
      if (err instanceof TlsSettingError) throw new TargetsFileError(path, `${at}${err.message}`);
      throw err;
    }
  }
  const { $schema: _, ...targets } = resolved;
  return { ...targets, systems: targets.systems as Targets['systems'], path };
}

/** The first two places in an entry naming the same user (in any case), by their paths (`user`, `moreUsers.1`). */
function sameUserTwice(entry: object): [string, string] | undefined {
  const seen = new Map<string, string>();
  for (const { at, user } of accountNamesIn(entry)) {
    const first = seen.get(user);
    if (first !== undefined) return [first, at];
    seen.set(user, at);
  }
  return undefined;
}

async function readTargetsFile(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new TargetsFileError(path, 'not a file');
    // Refused before reading: the file is held in memory whole.
    if (info.size > MAX_FILE_BYTES)
      throw new TargetsFileError(path, `larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB (size limit); a targets file is a few kilobytes`);
    return await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof TargetsFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new TargetsFileError(
      path,
      code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'not readable (permission denied)' : (err as Error).message,
    );
  }
}

/**
 * V8's message without the excerpt of the text some of its messages quote: the
 * excerpt may be a password. Messages with a position quote nothing.
 */
function jsonProblem(err: Error): string {
  return err.message.includes('"') ? 'unexpected character (a JSON linter shows where)' : err.message;
}

/** Walks without recursion: a file nested thousands deep must not overflow the stack. */
function depthExceeds(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

function resolveEnv(value: unknown, at: string[], path: string, env: NodeJS.ProcessEnv): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolveEnv(v, [...at, String(i)], path, env));
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') {
      checkLength(value, at, path);
      if (SECRET_KEY.test(at.at(-1) ?? '')) redactor.register(value);
    }
    return value;
  }
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0]?.[0] === 'env') {
    const name = entries[0][1];
    if (typeof name !== 'string' || !ENV_NAME.test(name)) throw new TargetsFileError(path, `${field(at)}: "env" must name an environment variable`);
    const found = env[name];
    if (found === undefined || found === '') throw new TargetsFileError(path, `${field(at)}: environment variable ${name} is not set`);
    checkLength(found, at, path, ` (from ${name})`);
    redactor.register(found);
    return found;
  }
  // A null field is one not given: ajv's typed schemas allow null wherever a field is optional.
  return Object.fromEntries(entries.filter(([, v]) => v !== null).map(([k, v]) => [k, resolveEnv(v, [...at, k], path, env)]));
}

/** Checked before the value is registered or used; the message gives the length only, never the value. */
function checkLength(value: string, at: readonly string[], path: string, source = ''): void {
  if (value.length > MAX_STRING_LENGTH) throw new TargetsFileError(path, `${field(at)}${source}: longer than ${MAX_STRING_LENGTH} characters (size limit)`);
}

/** What makes a base URL unusable, in words, without quoting it (it might carry a password). */
function baseUrlProblem(value: string): string | undefined {
  const url = URL.parse(value);
  if (!url) {
    const port = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(value)?.[1];
    return port !== undefined && Number(port) > 65535 ? `not a valid URL (port ${port} out of range)` : 'not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be http or https';
  if (url.username || url.password) return "must not carry a user or password: give them in the system's own fields";
  if (url.search || url.hash || value.includes('?') || value.includes('#')) return 'must not have a query or fragment';
  return undefined;
}

/** A field's path; a name from the file that is not a plain word is quoted and cut, so the line stays one short line. */
const field = (at: readonly string[]): string => at.map(name).join('.') || '(top level)';
const name = (key: string): string => (/^[\w$-]{1,64}$/.test(key) ? key : JSON.stringify(key.slice(0, 64)));

/** Ajv's errors as one line: the field, then what is wrong with it. */
function describe(errors: readonly ErrorObject[], prefix = ''): string {
  const lines = errors
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      const at = prefix + field(e.instancePath.split('/').filter(Boolean));
      if (e.keyword === 'additionalProperties')
        return `${at}: unknown field ${JSON.stringify((e.params as { additionalProperty: string }).additionalProperty.slice(0, 64))}`;
      if (e.keyword === 'required') return `${at}: missing field "${(e.params as { missingProperty: string }).missingProperty}"`;
      return `${at}: ${e.message ?? e.keyword}`;
    });
  const unique = [...new Set(lines)];
  return unique.slice(0, 3).join('; ') + (unique.length > 3 ? ` (and ${unique.length - 3} more)` : '');
}
