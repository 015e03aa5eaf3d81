// npm run bench: how long a conformance run takes, and what the harness costs.
// Prints figures and writes reports/bench.json; it asserts nothing.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Envelope } from '@cucumber/messages';
import type { Exchange } from '../support/http/exchange.ts';
import { lastRun } from '../support/harness/stage.ts';
import { runSuite } from '../support/run/run.ts';
import { breakdown, type Breakdown, type Marks } from './bench/breakdown.ts';
import { openReplayTarget, replayScenario, runFloor, type ReplayTarget } from './bench/replay.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Math.max(1, Number(values.runs));
const scratch = await mkdtemp(join(tmpdir(), 'bench-'));

interface Spread { median: number; min: number; max: number; runs: number }
const spread = (xs: number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median: round(median), min: round(s[0] as number), max: round(s.at(-1) as number), runs: s.length };
};
const round = (x: number) => Math.round(x * 10) / 10;

// A whole `npm run conformance` as a user starts it (minus npm itself): process start
// included. The child reports its own peak resident memory as it exits.
const PEAK_RSS = `data:text/javascript,import{writeSync}from'node:fs';process.on('exit',()=>writeSync(2,'\\npeak-rss-kb='+process.resourceUsage().maxRSS+'\\n'))`;
async function wholeRun(profile: string, env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; peakRssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK_RSS, 'bin/conformance.ts', '--profile', profile], {
    env: { ...process.env, CONFORMANCE_REPORTS: join(scratch, profile), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`bench: the ${profile} run exited ${code}: ${stderr.slice(-500)}`);
  const kb = Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? 0);
  return { ms, peakRssMb: round(kb / 1024) };
}

/** The bare replay of a whole run, scenario by scenario. */
async function replay(perScenario: readonly Exchange[][], target: ReplayTarget): Promise<{ ms: number; matching: number }> {
  let matching = 0;
  const started = performance.now();
  for (const exchanges of perScenario) matching += await replayScenario(exchanges, target);
  return { ms: performance.now() - started, matching };
}

/** The cucumber floor (bin/bench/floor.steps.ts): the same features and exchanges through cucumber, without the harness. */
async function floorRun(perScenario: readonly Exchange[][], target: ReplayTarget, replayMatching: number): Promise<number> {
  const run = await runFloor(perScenario, target);
  // A floor that sent less than the replay would flatter the harness.
  if (!run.success || run.scenarios !== perScenario.length || run.matching !== replayMatching) {
    throw new Error(`bench: the floor ${run.success ? 'passed' : 'failed'}, ran ${run.scenarios} of ${perScenario.length} scenarios and matched ${run.matching} answers, the replay ${replayMatching}`);
  }
  return run.ms;
}

// The first run on a machine fills Node's compile cache (see bin/conformance.ts); it is
// measured on its own, with an empty cache, and not counted in the spread.
const firstRun = await wholeRun('default', { NODE_COMPILE_CACHE: join(scratch, 'compile-cache') });
const whole: Record<string, { ms: number; peakRssMb: number }[]> = { default: [], loopback: [] };
for (let i = 0; i < runs; i++) for (const profile of Object.keys(whole)) whole[profile]?.push(await wholeRun(profile));

// In process: the loopback suite itself, the bare replay of its exchanges, and the
// cucumber floor between them.
const suiteMs: number[] = [];
const executionMs: number[] = [];
const replayMs: number[] = [];
const floorMs: number[] = [];
let exchanges: Exchange[] = [];
let recorded: Exchange[][] = [];
let scenarios = 0;
let matching = 0;
const target = await openReplayTarget();
for (let i = 0; i < runs + 1; i++) {
  const started = performance.now();
  let runStarted = 0;
  let runFinished = 0;
  const outcome = await runSuite({
    parameters: { mode: 'loopback', keepExchanges: true },
    onMessage: (m) => {
      if (m.testRunStarted) runStarted = performance.now();
      if (m.testRunFinished) runFinished = performance.now();
    },
  });
  const elapsed = performance.now() - started;
  recorded = lastRun()?.exchanges ?? [];
  exchanges = recorded.flat();
  scenarios = outcome.scenarios.length;
  const replayed = await replay(recorded, target);
  matching = replayed.matching;
  const floored = await floorRun(recorded, target, replayed.matching);
  if (i > 0) {
    // The first round warms up module loading and JIT; it is not counted.
    suiteMs.push(elapsed);
    executionMs.push(runFinished - runStarted);
    replayMs.push(replayed.ms);
    floorMs.push(floored);
  }
}

// Where the time goes, in rounds of their own (listening to undici's channels costs a
// little, and would flatter the ratio if it were counted in the rounds above).
const onStart = (marks: Marks) => (envelope: Envelope) => void (envelope.testRunStarted && marks.started());
const measured = {
  suite: (marks: Marks) => runSuite({ parameters: { mode: 'loopback' }, onMessage: onStart(marks) }),
  floor: (marks: Marks) => runFloor(recorded, target, onStart(marks)),
  replay: () => replay(recorded, target),
};
const MEASURED = Object.keys(measured) as (keyof typeof measured)[];
const phases: Record<keyof typeof measured, Breakdown[]> = { suite: [], floor: [], replay: [] };
for (let i = 0; i < runs; i++) {
  for (const what of MEASURED) {
    const b = await breakdown(measured[what]);
    // A breakdown that did not see every exchange (undici's channels renamed, say)
    // would put the missed ones' time between exchanges.
    if (b.exchanges !== exchanges.length) throw new Error(`bench: the ${what}'s breakdown saw ${b.exchanges} exchanges of ${exchanges.length}`);
    phases[what].push(b);
  }
}
const PHASES = [
  ['startUpMs', 'cucumber start-up (configuration, features)'],
  ['inFlightMs', 'an exchange in flight'],
  ['betweenMs', 'between exchanges (steps, hooks, cucumber)'],
  ['gcMs', 'garbage collection, within the above'],
] as const;
const medianPhases = (xs: Breakdown[]) => Object.fromEntries(PHASES.map(([k]) => [k, spread(xs.map((x) => x[k])).median])) as Record<(typeof PHASES)[number][0], number>;

const report = {
  machine: { cpus: (await import('node:os')).cpus().length, node: process.versions.node },
  scenarios,
  exchanges: exchanges.length,
  wallTimeMs: Object.fromEntries(Object.entries(whole).map(([p, xs]) => [p === 'default' ? 'nock' : p, spread(xs.map((x) => x.ms))])),
  firstRunMs: round(firstRun.ms),
  peakRssMb: Object.fromEntries(Object.entries(whole).map(([p, xs]) => [p === 'default' ? 'nock' : p, Math.max(...xs.map((x) => x.peakRssMb))])),
  // suite: runSuite as a whole (configuration, feature parsing, the run); execution: from
  // cucumber's test-run-started to test-run-finished, the part that grows with the exchanges.
  harnessCost: {
    suiteMs: spread(suiteMs),
    executionMs: spread(executionMs),
    replayMs: spread(replayMs),
    replayAnswersAsInSuite: `${matching}/${exchanges.length}`,
    // floor: the same features through cucumber, one catch-all step sending the replay.
    floorMs: spread(floorMs),
    ratio: round(spread(suiteMs).median / spread(replayMs).median),
    executionRatio: round(spread(executionMs).median / spread(replayMs).median),
    // Of the ratio, cucumber's share (floor / replay) and the harness's own (suite / floor).
    floorRatio: round(spread(floorMs).median / spread(replayMs).median),
    harnessOverFloor: round(spread(suiteMs).median / spread(floorMs).median),
    // Medians of separate, instrumented rounds: cucumber's start-up, some exchange in
    // flight, nothing in flight (steps, hooks, cucumber), and GC across all three.
    breakdown: Object.fromEntries(MEASURED.map((w) => [w, medianPhases(phases[w])])) as Record<keyof typeof measured, ReturnType<typeof medianPhases>>,
  },
  targets: { nockWallTimeMs: 1500, ratio: 3 },
};

const line = (label: string, s: Spread) => `${label.padEnd(34)} median ${String(s.median).padStart(7)} ms   min ${s.min}  max ${s.max}  (${s.runs} runs)`;
process.stdout.write([
  `Logout conformance benchmark — ${report.scenarios} scenarios, ${report.exchanges} exchanges, ${report.machine.cpus} cores, Node ${report.machine.node}`,
  line('whole run, nock simulators', report.wallTimeMs.nock as Spread),
  line('whole run, loopback simulators', report.wallTimeMs.loopback as Spread),
  `${'first run (empty compile cache)'.padEnd(34)} nock ${report.firstRunMs} ms`,
  `${'peak memory (whole run)'.padEnd(34)} nock ${report.peakRssMb.nock} MB, loopback ${report.peakRssMb.loopback} MB`,
  line('suite in process (loopback)', report.harnessCost.suiteMs),
  line('  of which the run itself', report.harnessCost.executionMs),
  line('bare undici replay of its exchanges', report.harnessCost.replayMs),
  `${'  answers as in the suite'.padEnd(34)} ${report.harnessCost.replayAnswersAsInSuite} (fresh simulators per scenario, no controls)`,
  line('cucumber floor (one replaying step)', report.harnessCost.floorMs),
  `${'harness cost: suite / replay'.padEnd(34)} ${report.harnessCost.ratio} (run itself / replay ${report.harnessCost.executionRatio})   target < ${report.targets.ratio}; nock whole run target < ${report.targets.nockWallTimeMs} ms`,
  `${'  cucumber: floor / replay'.padEnd(34)} ${report.harnessCost.floorRatio}`,
  `${'  the harness: suite / floor'.padEnd(34)} ${report.harnessCost.harnessOverFloor}`,
  `${`where the time goes, ms (median of ${runs} instrumented runs)`.padEnd(58)}${MEASURED.map((w) => w.padStart(9)).join('')}`,
  ...PHASES.map(([k, label]) => `  ${label.padEnd(56)}${MEASURED.map((w) => String(report.harnessCost.breakdown[w][k]).padStart(9)).join('')}`),
  '',
].join('\n'));
await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', `${JSON.stringify(report, null, 2)}\n`);
await target.close();
process.stdout.write('wrote reports/bench.json\n');
