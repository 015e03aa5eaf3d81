import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { delimiter, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp.ts';

const exec = promisify(execFile);
export const root = new URL('../..', import.meta.url).pathname;

/**
 * The environment of a user's shell: without the npm run that started the tests (its
 * npm_* settings) and without any node_modules/.bin on PATH, whose Node 24 would hide a
 * missing one in the folder under test.
 */
const userEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries({
    ...process.env,
    PATH: (process.env.PATH ?? '')
      .split(delimiter)
      .filter((p) => !p.includes(`node_modules${sep}.bin`))
      .join(delimiter),
  }).filter(([k]) => !/^npm_/i.test(k)),
);

/** Runs a command in a folder as a user would; resolves with its exit code and output. */
export async function sh(cwd: string, command: string, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, env: userEnv, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}

/** The project's own files (what a clone has), without installed modules or reports. */
export async function copyOfProject(): Promise<string> {
  const dir = await tempDir('package-');
  const skip = new Set(['node_modules', '.git', 'reports']);
  await cp(root, dir, { recursive: true, filter: (src) => !skip.has(relative(root, src).split(sep)[0] ?? '') && !src.endsWith('.tgz') });
  return dir;
}

/** The end of a command's output, for an assertion's message. */
export const tail = (text: string) => text.split('\n').slice(-15).join('\n');
