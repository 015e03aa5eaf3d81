import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = await mkdtemp(join(tmpdir(), 'targets-'));
let written = 0;

/** Writes a targets file to a fresh temporary path and returns the path. */
export async function targetsFile(targets: unknown): Promise<string> {
  const path = join(dir, `targets-${++written}.json`);
  await writeFile(path, JSON.stringify(targets));
  return path;
}
