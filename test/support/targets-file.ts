import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from './temp.ts';

const dir = await tempDir('targets-');
let written = 0;

/** Writes a targets file to a fresh temporary path and returns the path. */
export async function targetsFile(targets: unknown): Promise<string> {
  const path = join(dir, `targets-${++written}.json`);
  await writeFile(path, JSON.stringify(targets));
  return path;
}
