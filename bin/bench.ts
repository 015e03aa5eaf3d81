// npm run bench [-- --runs 5]: how long a whole `npm run conformance` takes on the
// built-in simulators (nock in process, and loopback HTTP), process start included,
// and its peak memory. Figures also to reports/bench.json.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Math.max(1, Number(values.runs));
const scratch = await mkdtemp(join(tmpdir(), 'bench-'));

interface Spread { median: number; min: number; max: number; runs: number }
const round = (x: number) => Math.round(x * 10) / 10;
const spread = (xs: number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median: round(median), min: round(s[0] as number), max: round(s.at(-1) as number), runs: s.length };
};

// The child reports its own peak resident memory as it exits.
const PEAK_RSS = `data:text/javascript,import{writeSync}from'node:fs';process.on('exit',()=>writeSync(2,'\\npeak-rss-kb='+process.resourceUsage().maxRSS+'\\n'))`;
async function wholeRun(profile: string): Promise<{ ms: number; peakRssMb: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', PEAK_RSS, 'bin/conformance.ts', '--profile', profile, '--reports', join(scratch, profile)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`bench: the ${profile} run exited ${code}: ${stderr.slice(-500)}`);
  return { ms, peakRssMb: round(Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024) };
}

const whole: Record<string, { ms: number; peakRssMb: number }[]> = { default: [], loopback: [] };
for (let i = 0; i < runs; i++) for (const profile of Object.keys(whole)) whole[profile]?.push(await wholeRun(profile));
const name = (p: string) => (p === 'default' ? 'nock' : p);
const report = {
  machine: { cpus: cpus().length, node: process.versions.node },
  wallTimeMs: Object.fromEntries(Object.entries(whole).map(([p, xs]) => [name(p), spread(xs.map((x) => x.ms))])),
  peakRssMb: Object.fromEntries(Object.entries(whole).map(([p, xs]) => [name(p), Math.max(...xs.map((x) => x.peakRssMb))])),
};
for (const [p, s] of Object.entries(report.wallTimeMs)) {
  process.stdout.write(`whole run, ${p.padEnd(9)} median ${String(s.median).padStart(7)} ms   min ${s.min}  max ${s.max}  (${s.runs} runs), peak ${report.peakRssMb[p]} MB\n`);
}
await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', `${JSON.stringify(report, null, 2)}\n`);
await rm(scratch, { recursive: true, force: true });
process.stdout.write('wrote reports/bench.json\n');
