// Slow (one npm install): the package as a user installs it, and the project on the
// production dependencies alone, as `npm ci --omit=dev` leaves it. One install serves
// both: what the tarball brings is the package's `dependencies`, the same set.
import assert from 'node:assert/strict';
import { readdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { copyOfProject, root, sh, tail } from '../support/package.ts';
import { tempDir } from '../support/temp.ts';

describe('installing the packed harness (slow: an npm install)', { timeout: 600_000 }, () => {
  it('npm pack, then npm install of the tarball in an empty folder: logout-conformance answers --help and runs the simulators; the project runs on those production dependencies alone, on the pinned Node 24', async () => {
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
    const installed = await readdir(join(user, 'node_modules'));
    assert.ok(!installed.includes('typescript') && !installed.includes('prettier'), 'the tarball brought a dev dependency');

    const help = await sh(user, 'npx', 'logout-conformance', '--help');
    assert.equal(help.code, 0, tail(help.output));
    assert.match(help.output, /^Usage: logout-conformance/m);
    const run = await sh(user, 'npx', 'logout-conformance');
    assert.equal(run.code, 0, tail(run.output));
    assert.match(run.output, /SAP Mobile Services +conformant/);
    assert.ok((await readdir(join(user, 'reports'))).includes('compliance.json'), 'the reports go to the folder the command ran in');

    // The checkout on the production dependencies alone (no TypeScript, no dev tool):
    // npm run puts their Node 24 on PATH, which strips the types itself.
    await unlink(join(project, 'node_modules'));
    await symlink(join(user, 'node_modules'), join(project, 'node_modules'), 'dir');
    const production = await sh(project, 'npm', 'run', 'conformance', '--', '--tags', '@flexi');
    assert.equal(production.code, 0, tail(production.output));
    assert.match(production.output, /ABRA Flexi +conformant/);
  });
});
