import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { it } from 'node:test';

// The rooms of the house, lowest first. Code may import from its own room or the
// ones below it, never from above: a vendor's system knows nothing of the harness
// that runs it, the harness nothing of the reports, the reports nothing of the run.
const LAYERS: readonly (readonly string[])[] = [
  ['support/clauses.ts', 'support/http/'],
  ['support/simulation/'],
  ['support/systems/'],
  ['support/targets/'],
  ['support/harness/'],
  ['support/report/'],
  ['support/run/'],
  ['support/cli/'],
  ['steps/', 'bin/'],
];

const layerOf = (file: string): number => LAYERS.findIndex((room) => room.some((prefix) => file === prefix || file.startsWith(prefix)));

async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(ts|cts|cjs)$/.test(e.name)).map((e) => relative('.', join(e.parentPath, e.name)));
}

it('no import runs from a lower layer to a higher one', async () => {
  const files = [...(await sources('support')), ...(await sources('steps')), ...(await sources('bin'))];
  const upward: string[] = [];
  for (const file of files) {
    const layer = layerOf(file);
    assert.notEqual(layer, -1, `${file} stands in no layer: add its folder to LAYERS`);
    const text = await readFile(file, 'utf8');
    for (const [, target] of text.matchAll(/(?:from|import\(|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const imported = normalize(join(dirname(file), target as string));
      if (layerOf(imported) > layer) upward.push(`${file} → ${imported}`);
    }
  }
  assert.deepEqual(upward, []);
});
