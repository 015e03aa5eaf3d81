import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CHROMIUM, JAVA, needs, OPENSSL } from '../support/prerequisites.ts';
import { quietly } from '../support/quietly.ts';
import { tempDir } from '../support/temp.ts';

const nothingOnPath = { PATH: '/nonexistent' };
const node = { name: 'Node', command: process.execPath, probe: ['--version'], debian: 'nodejs' };

describe('programs the tests need beyond npm', () => {
  it('missing, skip the test with one line naming each and its Debian package', () => {
    const { skip, check } = needs([CHROMIUM, JAVA, OPENSSL], nothingOnPath);
    assert.equal(
      skip,
      'needs Chromium, Java (for the Allure command line), openssl, not found on PATH: install with apt-get install chromium-headless-shell default-jre-headless openssl',
    );
    assert.throws(check, /^Error: needs Chromium/);
  });

  it('missing under CONFORMANCE_REQUIRE_PREREQUISITES=1, run the test and fail it with that line', () => {
    const { skip, check } = needs([OPENSSL, node], { ...nothingOnPath, CONFORMANCE_REQUIRE_PREREQUISITES: '1' });
    assert.equal(skip, false);
    assert.throws(check, { message: 'needs openssl, not found on PATH: install with apt-get install openssl (CONFORMANCE_REQUIRE_PREREQUISITES=1)' });
  });

  it('present, neither skip nor fail', () => {
    const { skip, check } = needs([node], { ...nothingOnPath, CONFORMANCE_REQUIRE_PREREQUISITES: '1' });
    assert.equal(skip, false);
    assert.doesNotThrow(check);
  });
});

/** What reaches the real process.stdout while `work` runs. */
async function printedDuring(work: () => Promise<unknown>): Promise<string> {
  const own = Object.getOwnPropertyDescriptor(process.stdout, 'write');
  let shown = '';
  process.stdout.write = ((chunk: string) => ((shown += chunk), true)) as typeof process.stdout.write;
  try {
    await work();
  } finally {
    if (own) Object.defineProperty(process.stdout, 'write', own);
    else delete (process.stdout as { write?: unknown }).write;
  }
  return shown;
}

describe('a quiet test run', () => {
  it('keeps what code prints on process.stdout from the test output', async () => {
    let value = 0;
    const shown = await printedDuring(async () => {
      value = await quietly(async () => (process.stdout.write('cucumber summary\n'), 42));
    });
    assert.equal(value, 42);
    assert.equal(shown, '');
  });

  it('shows what was printed when the work fails', async () => {
    const shown = await printedDuring(() =>
      assert.rejects(
        quietly(async () => {
          process.stdout.write('Failed scenarios: 1\n');
          throw new Error('the run failed');
        }),
        /the run failed/,
      ),
    );
    assert.equal(shown, 'Failed scenarios: 1\n');
  });

  it('removes a temp folder after the test that made it', async (t) => {
    let dir = '';
    await t.test('makes it', async () => {
      dir = await tempDir('temp-');
      assert.ok(existsSync(dir));
    });
    assert.ok(dir && !existsSync(dir), `${dir} is still there`);
  });
});
