import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { parseCommandLine } from '../../support/cli/args.ts';

const RECIPES = ['examples/github-actions.yml', 'examples/gitlab-ci.yml'];

/** The words of a shell command line, quotes removed, up to the first operator. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\|\||&&|[;|])|([^\s"';|&]+)/g)) {
    if (m[3]) break;
    out.push(m[1] ?? m[2] ?? m[4] ?? '');
  }
  return out;
}

/**
 * The harness's command lines in a CI file: lines of a `run: |` block or items of a
 * `script:` list (no YAML library is a dependency), as the arguments after the command.
 */
function harnessCommands(yaml: string): string[][] {
  const commands: string[][] = [];
  let block: number | undefined;
  for (const raw of yaml.split('\n')) {
    const indent = raw.search(/\S/);
    if (block !== undefined && indent >= 0 && indent <= block) block = undefined;
    const line = raw.trim();
    const shell = /^(?:- )?run:\s*(.*)$/.exec(line) ?? /^- (.*)$/.exec(line);
    if (/^(?:- )?(run|script):\s*\|?\s*$/.test(line)) {
      block = indent;
      continue;
    }
    const command = block !== undefined ? line : shell?.[1];
    if (!command || line.startsWith('#')) continue;
    const w = words(command);
    const at = w.indexOf('logout-conformance');
    const npmRun = w.findIndex((x, i) => x === 'npm' && w[i + 1] === 'run' && w[i + 2] === 'conformance');
    if (at >= 0) commands.push(w.slice(at + 1));
    else if (npmRun >= 0) commands.push(w.slice(npmRun + 3 + (w[npmRun + 3] === '--' ? 1 : 0)));
  }
  return commands;
}

describe('the CI recipes', () => {
  it('finds commands in run blocks and script lists, and not in comments', () => {
    const yaml = [
      'steps:',
      '  - run: |',
      '      set +e',
      '      npx logout-conformance --tags "not @slow" || true',
      '  - run: npm run conformance -- --slow',
      'job:',
      '  script:',
      '    - npx logout-conformance --verbose; echo done',
      '    # npx logout-conformance --bogus',
    ].join('\n');
    assert.deepEqual(harnessCommands(yaml), [['--tags', 'not @slow'], ['--slow'], ['--verbose']]);
  });

  for (const recipe of RECIPES) {
    describe(recipe, async () => {
      const yaml = await readFile(recipe, 'utf8');

      it('runs the harness with command lines it accepts', () => {
        // A job matrix's values, each in turn, where a command line names them (`${{ matrix.shard }}`).
        const matrix = new Map(
          [...yaml.matchAll(/^\s+(\w+):\s*\[(.*)\]\s*$/gm)].map((m) => [m[1] ?? '', (m[2] ?? '').split(',').map((v) => v.trim().replace(/^['"]|['"]$/g, ''))]),
        );
        const variants = [...matrix].reduce<string[]>(
          (texts, [key, values]) => texts.flatMap((t) => values.map((v) => t.replace(new RegExp(`\\$\\{\\{\\s*matrix\\.${key}\\s*\\}\\}`, 'g'), v))),
          [yaml],
        );
        const commands = variants.flatMap(harnessCommands);
        assert.ok(commands.length > 0, 'no logout-conformance command found');
        for (const argv of commands) {
          const parsed = parseCommandLine(argv, {});
          assert.equal(parsed.kind, 'run', `${argv.join(' ')}: ${parsed.kind === 'error' ? parsed.message : parsed.kind}`);
          const options = (parsed as { options: { targets?: string; reports: string } }).options;
          assert.ok(options.targets, 'a live run names its targets file');
          assert.equal(options.reports, 'reports');
        }
      });

      it('publishes reports/junit.xml and keeps reports/allure-results', () => {
        assert.match(yaml, /^\s+(junit|report_paths): reports\/junit\.xml$/m);
        assert.match(yaml, /^\s+-? ?reports\/allure-results\/?$/m);
      });

      it("gives the job every secret the example targets file reads from the environment, from the CI's store", async () => {
        const example = await readFile('targets/example.json', 'utf8');
        const names = [...new Set([...example.matchAll(/"env":\s*"([A-Z0-9_]+)"/g)].flatMap((m) => (m[1] ? [m[1]] : [])))];
        assert.ok(names.length > 0);
        for (const name of names) assert.ok(yaml.includes(name), `${name} is not provided`);
        if (recipe.includes('github')) for (const name of names) assert.match(yaml, new RegExp(`^\\s+${name}: \\$\\{\\{ secrets\\.${name} \\}\\}$`, 'm'));
        assert.doesNotMatch(yaml, /password\s*[:=]\s*["']?\w/i, 'a literal password in the recipe');
      });

      it('fails the job on every exit code but 0, and 4 only where a comment says why', () => {
        if (recipe.includes('github')) {
          assert.match(yaml, /^\s+0\) echo/m);
          assert.match(yaml, /# 4: nothing failed or broke[\s\S]*^\s+4\) echo "::warning/m);
          assert.match(yaml, /^\s+\*\) exit "\$code" ;;$/m);
        } else {
          assert.match(yaml, /# 0 passes\. 4: nothing failed or broke[\s\S]*allow_failure:\n\s+exit_codes: \[4\]$/m);
        }
      });
    });
  }
});
