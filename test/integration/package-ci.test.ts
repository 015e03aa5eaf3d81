// Slow (an npm install): the project as CI installs it with NODE_ENV=production. Apart
// from the packed package's test (package.test.ts) so that the two installs, which
// mostly wait on the disk, run beside each other.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { copyOfProject, sh, tail } from '../support/package.ts';

describe('installing the harness for production (slow: an npm install)', { timeout: 600_000 }, () => {
  it('npm ci --omit=dev leaves npm run conformance working, on the pinned Node 24', async () => {
    const project = await copyOfProject();
    const ci = await sh(project, 'npm', 'ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund');
    assert.equal(ci.code, 0, tail(ci.output));
    const run = await sh(project, 'npm', 'run', 'conformance', '--', '--tags', '@flexi');
    assert.equal(run.code, 0, tail(run.output));
    assert.match(run.output, /ABRA Flexi +conformant/);
  });
});
