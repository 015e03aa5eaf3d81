import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, normalize, relative } from 'node:path';
import { it } from 'node:test';

// The rooms of the house, lowest first. Code may import from its own room or the
// ones below it, never from above: a vendor's system knows nothing of the harness
// that runs it, the harness nothing of the reports, the reports nothing of the run.
const LAYERS: readonly (readonly string[])[] = [
  ['support/clauses.ts', 'support/verdicts.ts', 'support/http/'],
  ['support/browser/'],
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

/** Each source file with the project files it imports (by relative path). */
async function importGraph(): Promise<Map<string, string[]>> {
  const files = [...(await sources('support')), ...(await sources('steps')), ...(await sources('bin'))];
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    graph.set(
      file,
      [...text.matchAll(/(?:from|import\(|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(([, target]) => normalize(join(dirname(file), target as string))),
    );
  }
  return graph;
}

it('no import runs from a lower layer to a higher one', async () => {
  const upward: string[] = [];
  for (const [file, imports] of await importGraph()) {
    const layer = layerOf(file);
    assert.notEqual(layer, -1, `${file} stands in no layer: add its folder to LAYERS`);
    for (const imported of imports) if (layerOf(imported) > layer) upward.push(`${file} → ${imported}`);
  }
  assert.deepEqual(upward, []);
});

it('no circle of imports, within a layer or across (type imports too)', async () => {
  const graph = await importGraph();
  const circles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(circles, []);
});
