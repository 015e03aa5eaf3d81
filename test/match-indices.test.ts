import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

// The stand-in for regexp-match-indices (vendor/): cucumber-expressions reads step
// arguments through it, so a wrong index would hand steps the wrong text.
const here = createRequire(import.meta.url);
const exec = here('regexp-match-indices') as (re: RegExp, s: string) => RegExpExecArray | null;
// cucumber-expressions as cucumber itself finds it.
const expressions = createRequire(here.resolve('@cucumber/cucumber')).resolve('@cucumber/cucumber-expressions');

test('cucumber-expressions resolves to the vendored stand-in', () => {
  assert.match(createRequire(expressions).resolve('regexp-match-indices'), /vendor[\\/]regexp-match-indices[\\/]index\.js$/);
});

test('indices of nested, optional and named groups, as the d flag gives them', () => {
  const re = /^(a(b)?)(?<tail>c+)?-(x|(y))$/;
  const m = exec(re, 'ab-y');
  assert.ok(m);
  assert.deepEqual(Array.from(m.indices ?? []), [[0, 4], [0, 2], [1, 2], undefined, [3, 4], [3, 4]]);
  assert.equal(m.indices?.groups?.tail, undefined);
  assert.equal(exec(re, 'nope'), null);
});

test('a global or sticky regexp keeps its lastIndex contract', () => {
  const re = /(\d+)/g;
  assert.deepEqual(exec(re, 'a1 b22')?.indices?.[1], [1, 2]);
  assert.equal(re.lastIndex, 2);
  assert.deepEqual(exec(re, 'a1 b22')?.indices?.[1], [4, 6]);
  assert.equal(exec(re, 'a1 b22'), null);
  assert.equal(re.lastIndex, 0);
});

test('step arguments come out where the step text has them', async () => {
  const { CucumberExpression, ParameterTypeRegistry } = await import(pathToFileURL(expressions).href);
  const registry = new ParameterTypeRegistry();
  const args = new CucumberExpression('{word} has {int} session(s) on {string}', registry).match('admin has 2 sessions on "Flexi \\"demo\\""');
  assert.deepEqual(args?.map((a: { group: { start: number; value: string }; getValue(w: null): unknown }) => [a.group.start, a.group.value, a.getValue(null)]), [[0, 'admin', 'admin'], [10, '2', 2], [24, '"Flexi \\"demo\\""', 'Flexi "demo"']]);
});
