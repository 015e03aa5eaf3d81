import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { clauseIds, type Clause } from '../../support/clauses.ts';
import { systemKeys, systems } from '../../support/systems/index.ts';

// Every documented (D) line is split into claims, each tested by a named check of a
// named scenario (support/clauses.ts DocumentedClaim). This proves the claims point
// at real checks always, and, where the vendor documents lie beside the repository
// (../shared/specs, as in CI), that no D line is left without a claim.

const root = fileURLToPath(new URL('../../', import.meta.url));
const specs = join(root, '..', 'shared', 'specs');
const NOTES = join(specs, 'VENDOR-NOTES.md');

/** The seed document of each system, in the order of systemKeys (shared/specs/README.md). */
const SEEDS = ['000', '001', '002', '003'];

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Every scenario (outlines expanded, names as written) of a system's features, with its clause tags and step texts. */
function scenariosOf(key: string): { name: string; clauses: string[]; steps: string[] }[] {
  const dir = join(root, 'features', key);
  const out: { name: string; clauses: string[]; steps: string[] }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.feature'))) {
    const newId = IdGenerator.uuid();
    const document = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(readFileSync(join(dir, file), 'utf8'));
    for (const pickle of compile(document, `features/${key}/${file}`, newId))
      out.push({ name: pickle.name, clauses: clauseIds(pickle.tags), steps: pickle.steps.map((s) => s.text) });
  }
  return out;
}

/** The D lines of each system's section of VENDOR-NOTES.md, folded onto one line each. */
function documentedLines(): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string | undefined;
  let line: string | undefined;
  const flush = () => {
    if (current && line) sections.get(current)?.push(squash(line));
    line = undefined;
  };
  for (const raw of readFileSync(NOTES, 'utf8').split('\n')) {
    const heading = /^## .*seed (\d{3})/.exec(raw);
    if (heading) {
      flush();
      current = systemKeys[SEEDS.indexOf(heading[1] as string)];
      if (current) sections.set(current, []);
    } else if (/^- [DA] /.test(raw)) {
      flush();
      if (raw.startsWith('- D ')) line = raw.slice(4);
    } else if (/^\s+\S/.test(raw) && line !== undefined) line += ` ${raw.trim()}`;
    else flush();
  }
  flush();
  return sections;
}

for (const key of systemKeys) {
  describe(`${systems[key].title}: documented claims`, () => {
    const catalog: readonly Clause[] = systems[key].clauses;
    const scenarios = scenariosOf(key);

    it('every MUST clause lists its claims', () => {
      const without = catalog.filter((c) => c.level === 'MUST' && !c.claims?.length).map((c) => c.id);
      assert.deepEqual(without, [], 'MUST clauses without claims');
    });

    it('each claim names a scenario of its clause and a step of that scenario that checks it', () => {
      const wrong: string[] = [];
      for (const clause of catalog)
        for (const claim of clause.claims ?? []) {
          const scenario = scenarios.find((s) => s.name === claim.scenario && s.clauses.includes(clause.id));
          if (!scenario) wrong.push(`${clause.id}: no scenario "${claim.scenario}" tagged @clause:${clause.id}`);
          else if (!scenario.steps.includes(claim.check)) wrong.push(`${clause.id}: "${claim.scenario}" has no step "${claim.check}"`);
        }
      assert.deepEqual(wrong, []);
    });

    it(
      'every D line of the vendor notes has a claim, and every claim quotes its line',
      { skip: existsSync(NOTES) ? false : `no vendor documents at ${specs}` },
      () => {
        const lines = documentedLines().get(key) ?? [];
        assert.ok(lines.length > 0, `no D lines found for ${key} in VENDOR-NOTES.md`);
        const claims = catalog.flatMap((c) => c.claims ?? []);
        const seedFile = readdirSync(specs).find((f) => f.startsWith(`${SEEDS[systemKeys.indexOf(key)]}_`));
        const seed = seedFile ? squash(readFileSync(join(specs, seedFile), 'utf8')) : '';
        const uncovered = lines.filter((line) => !claims.some((c) => line.includes(squash(c.line))));
        assert.deepEqual(uncovered, [], 'D lines with no claim');
        const unquoted = claims.filter((c) => !lines.some((l) => l.includes(squash(c.line))) && !seed.includes(squash(c.line))).map((c) => c.line);
        assert.deepEqual(unquoted, [], 'claims whose line is in neither the vendor notes nor the seed');
      },
    );
  });
}
