import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/**
 * A fresh folder in the OS temp folder, removed once the tests around the caller are
 * done: called at a file's top level, after the file's last test; inside a test, after
 * that test.
 */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  after(() => rm(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}
