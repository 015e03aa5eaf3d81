// Slow (npm installs, about half a minute each): the package as a user installs it,
// and the project as CI installs it with NODE_ENV=production.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, readdir, symlink, writeFile } from 'node:fs/promises';
import { delimiter, join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { tempDir } from '../support/temp.ts';

const exec = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

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
async function sh(cwd: string, command: string, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, env: userEnv, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}${e.message}` };
  }
}

/** The project's own files (what a clone has), without installed modules or reports. */
async function copyOfProject(): Promise<string> {
  const dir = await tempDir('package-');
  const skip = new Set(['node_modules', '.git', 'reports']);
  await cp(root, dir, { recursive: true, filter: (src) => !skip.has(relative(root, src).split(sep)[0] ?? '') && !src.endsWith('.tgz') });
  return dir;
}

const tail = (text: string) => text.split('\n').slice(-15).join('\n');

describe('installing the harness (slow: npm installs)', { timeout: 600_000 }, () => {
  it('npm ci --omit=dev leaves npm run conformance working, on the pinned Node 24', async () => {
    const project = await copyOfProject();
    const ci = await sh(project, 'npm', 'ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund');
    assert.equal(ci.code, 0, tail(ci.output));
    const run = await sh(project, 'npm', 'run', 'conformance', '--', '--tags', '@flexi');
    assert.equal(run.code, 0, tail(run.output));
    assert.match(run.output, /ABRA Flexi +conformant/);
  });

  it('npm pack, then npm install of the tarball in an empty folder: logout-conformance answers --help and runs the simulators', async () => {
    const project = await copyOfProject();
    // prepack compiles with the project's TypeScript, a dev dependency.
    await symlink(join(root, 'node_modules'), join(project, 'node_modules'), 'dir');
    const packed = await tempDir('tarball-');
    const pack = await sh(project, 'npm', 'pack', '--pack-destination', packed);
    assert.equal(pack.code, 0, tail(pack.output));
    const [tarball] = (await readdir(packed)).filter((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote no tarball');

    const user = await tempDir('install-');
    await writeFile(join(user, 'package.json'), '{ "name": "qa-pipeline", "private": true }\n');
    const install = await sh(user, 'npm', 'install', '--prefer-offline', '--no-audit', '--no-fund', join(packed, tarball));
    assert.equal(install.code, 0, tail(install.output));

    const help = await sh(user, 'npx', 'logout-conformance', '--help');
    assert.equal(help.code, 0, tail(help.output));
    assert.match(help.output, /^Usage: logout-conformance/m);
    const run = await sh(user, 'npx', 'logout-conformance');
    assert.equal(run.code, 0, tail(run.output));
    assert.match(run.output, /SAP Mobile Services +conformant/);
    assert.ok((await readdir(join(user, 'reports'))).includes('compliance.json'), 'the reports go to the folder the command ran in');
  });
});
