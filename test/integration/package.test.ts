// Slow (an npm install): the package as a user installs it. The project as CI installs
// it is package-ci.test.ts, apart so that the two installs run beside each other.
import assert from 'node:assert/strict';
import { readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { copyOfProject, root, sh, tail } from '../support/package.ts';
import { tempDir } from '../support/temp.ts';

describe('installing the packed harness (slow: an npm install)', { timeout: 600_000 }, () => {
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
