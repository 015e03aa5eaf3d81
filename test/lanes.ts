/**
 * The project's own tests, in lanes side by side (`npm test`), or one tier of them
 * (`npm run test:unit`, `test:integration`, `test:system`).
 *
 * - unit: every file in one process, in milliseconds each;
 * - integration: runs of the suite against the simulators, loopback servers, in two
 *   processes, each running its half of the files one after another: a process per
 *   file would pay a start and a warm-up per file, more than most files cost. The halves
 *   are even in what they cost (COST), not in how many files they hold;
 * - system: the tests that drive other programs, in two lanes: Chromium and Java (the
 *   SAML and OAuth applications, the browser module, the site, the Allure report) in one
 *   process, one file after another, sharing one Chromium; npm's install of the packed
 *   harness beside it, which needs neither.
 *
 * Side by side, each lane's output is printed whole when it ends (node:test's own report
 * of its files); alone, as it comes. Exits 1 when any lane failed.
 */
import { spawn } from 'node:child_process';
import { globSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Lane {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

const nodeTest = (name: string, ...args: string[]): Lane => ({ name, command: process.execPath, args: ['--test', ...args] });

/**
 * What an integration file costs, in seconds of CPU alone (measured on the 2-core VM the
 * README's figures come from); a file not named costs DEFAULT_COST. Only the balance of
 * the two halves rests on these: a figure gone stale makes one half end later, nothing else.
 */
const COST: Readonly<Record<string, number>> = {
  'verdict-order': 25,
  variations: 15,
  'hostile-target': 10, // and 12 s of wall time, most of it waiting for late answers
  reports: 12,
  'live-defects': 11,
  concurrency: 10,
  stages: 6, // and 14 s of wall time, waiting for timeouts
  fleet: 7,
  baseline: 6,
  'flexi-live': 5,
  'answer-rule': 5,
  'redact-limits': 4,
};
const DEFAULT_COST = 3;

/** The integration files in `n` lists of about equal cost: the costliest first, each to the list that costs least so far. */
function balanced(files: readonly string[], n: number): string[][] {
  const cost = (file: string) => COST[file.replace(/^.*\/|\.test\.ts$/g, '')] ?? DEFAULT_COST;
  const lists = Array.from({ length: n }, () => ({ files: [] as string[], cost: 0 }));
  for (const file of [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b))) {
    const cheapest = lists.reduce((a, b) => (b.cost < a.cost ? b : a));
    cheapest.files.push(file);
    cheapest.cost += cost(file);
  }
  return lists.map((list) => list.files.sort());
}

const [first, second] = balanced(globSync('test/integration/**/*.test.ts'), 2) as [string[], string[]];
const PACKAGE = 'test/system/package.test.ts';

const TIERS: Readonly<Record<string, readonly Lane[]>> = {
  static: [{ name: 'static checks (tsc, prettier)', command: 'npm', args: ['run', '--silent', 'test:static'] }],
  unit: [nodeTest('unit', '--test-isolation=none', 'test/unit/**/*.test.ts')],
  integration: [
    nodeTest('integration, first half', '--test-isolation=none', ...first),
    nodeTest('integration, second half', '--test-isolation=none', ...second),
  ],
  system: [
    nodeTest(
      'system: Chromium and Java',
      '--test-isolation=none',
      ...globSync('test/system/**/*.test.ts')
        .filter((file) => file !== PACKAGE)
        .sort(),
    ),
    nodeTest('system: the packed install', PACKAGE),
  ],
};

const { positionals } = parseArgs({ allowPositionals: true });
const unknown = positionals.filter((tier) => !(tier in TIERS));
if (unknown.length) {
  console.error(`no tier ${unknown.join(', ')}: the tiers are ${Object.keys(TIERS).join(', ')}`);
  process.exit(2);
}
const lanes = (positionals.length ? positionals : Object.keys(TIERS)).flatMap((tier) => TIERS[tier] ?? []);
const together = lanes.length > 1;
// The compiled modules kept between runs (node's compile cache), and colours when a person watches.
const env = { NODE_COMPILE_CACHE: 'node_modules/.cache/node-compile', ...(together && process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}), ...process.env };

function run(lane: Lane): Promise<boolean> {
  const started = performance.now();
  const child = spawn(lane.command, lane.args, { env, stdio: together ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    let settled = false;
    const ended = (ok: boolean, why: string) => {
      if (settled) return;
      settled = true;
      if (together) {
        const seconds = Math.round((performance.now() - started) / 1000);
        process.stdout.write(`\n── ${lane.name}: ${ok ? 'passed' : `failed (${why})`} in ${seconds} s\n`);
        process.stdout.write(Buffer.concat(output));
      } else if (!ok) process.stderr.write(`${lane.name}: failed (${why})\n`);
      resolve(ok);
    };
    // A command that does not start may never close: its error ends the lane.
    child.once('error', (err) => ended(false, `${lane.command} did not start: ${err.message}`));
    child.once('close', (code, signal) => ended(code === 0, signal ?? `exit ${code}`));
  });
}

const results = await Promise.all(lanes.map(run));
if (together) {
  const failed = lanes.filter((_, i) => !results[i]).map((lane) => lane.name);
  console.log(failed.length ? `\nfailed: ${failed.join('; ')}` : `\nevery lane passed (${lanes.map((lane) => lane.name).join('; ')})`);
}
process.exitCode = results.every(Boolean) ? 0 : 1;
