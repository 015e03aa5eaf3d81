import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { headlessLaunch } from '../../support/browser/browser.ts';
import { browserMissing, chromiumPath, isHeadlessShell } from '../../support/browser/chromium.ts';
import { tempDir } from '../support/temp.ts';

/** A folder holding programs of these names (empty scripts, executable): a PATH of its own. */
async function pathWith(...names: string[]): Promise<string> {
  const dir = await tempDir('chromium-path-');
  for (const name of names) {
    await writeFile(join(dir, name), '#!/bin/sh\n');
    await chmod(join(dir, name), 0o755);
  }
  return dir;
}

describe('the Chromium a sign-in launches', () => {
  it("is the headless shell where it is on PATH beside the full browser, launched in puppeteer's shell mode", async () => {
    const dir = await pathWith('chromium', 'chromium-headless-shell');
    const path = chromiumPath({ PATH: dir });
    assert.equal(path, join(dir, 'chromium-headless-shell'));
    assert.equal(headlessLaunch(path as string).headless, 'shell');
  });

  it('is the full browser where the shell is not, launched in its own headless mode', async () => {
    const dir = await pathWith('chromium');
    const path = chromiumPath({ PATH: dir });
    assert.equal(path, join(dir, 'chromium'));
    assert.equal(headlessLaunch(path as string).headless, true);
  });

  it('is CONFORMANCE_CHROMIUM when set, whatever PATH holds', async () => {
    const dir = await pathWith('chromium-headless-shell', 'chrome');
    assert.equal(chromiumPath({ PATH: dir, CONFORMANCE_CHROMIUM: join(dir, 'chrome') }), join(dir, 'chrome'));
  });

  it("knows the shell by its file name, as Debian and puppeteer's downloads name it", () => {
    assert.ok(isHeadlessShell('/usr/bin/chromium-headless-shell'));
    assert.ok(isHeadlessShell('/cache/chrome-headless-shell/linux-142.0/chrome-headless-shell-linux64/chrome-headless-shell'));
    assert.ok(isHeadlessShell('C:\\chrome-headless-shell-win64\\chrome-headless-shell.exe'));
    assert.ok(!isHeadlessShell('/usr/bin/chromium'));
    assert.ok(!isHeadlessShell('/opt/headless-shell-tools/chrome'));
  });

  it('is none on a PATH without any: one line naming both packages', () => {
    assert.equal(chromiumPath({ PATH: '/nonexistent' }), undefined);
    assert.match(browserMissing({ PATH: '/nonexistent' }) ?? '', /apt-get install chromium-headless-shell, or chromium/);
  });
});
