// npm run bench [-- --rtt 20,100 --concurrency 16 --runs 3 --saml]: how long a live run takes
// across a network. The built-in simulators are served on loopback behind a proxy
// that adds a round-trip time (bin/bench/latency-proxy.ts); the live suite runs
// through it, each run in a process of its own. Printed per RTT: wall time,
// requests, connections, the critical path in round trips and wall / (critical
// path × RTT), peak memory; and the whole `npm run conformance` on nock, process
// start included. Figures also to reports/bench.json. With --saml instead: SAP Mobile
// Services alone, its Basic application beside its SAML one (every sign-in through the
// IdP in headless Chromium), at each RTT (default 100).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serveSimulators } from '../support/harness/serve.ts';
import { DEFAULT_CONCURRENCY } from '../support/harness/parameters.ts';
import { LatencyProxy } from './bench/latency-proxy.ts';

const USAGE = 'Usage: npm run bench -- [--rtt 20,100] [--concurrency n] [--runs 3] [--saml]';
let values: { runs: string; rtt?: string | undefined; concurrency: string; saml?: boolean | undefined };
try {
  ({ values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      rtt: { type: 'string' },
      saml: { type: 'boolean' },
      concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
    },
  }));
} catch (err) {
  process.stderr.write(`bench: ${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const runs = Math.max(1, Number(values.runs));
const rtts = (values.rtt ?? (values.saml ? '100' : '20,100')).split(',').map(Number);
const concurrency = Number(values.concurrency);
const scratch = await mkdtemp(join(tmpdir(), 'bench-'));

interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}
const round = (x: number) => Math.round(x * 10) / 10;
const spread = (xs: number[]): Spread => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median: round(median), min: round(s[0] as number), max: round(s.at(-1) as number), runs: s.length };
};

// The child reports its own peak resident memory as it exits.
const PEAK_RSS = `data:text/javascript,import{writeSync}from'node:fs';process.on('exit',()=>writeSync(2,'\\npeak-rss-kb='+process.resourceUsage().maxRSS+'\\n'))`;
async function child(args: string[]): Promise<{ ms: number; peakRssMb: number }> {
  const started = performance.now();
  const proc = spawn(process.execPath, ['--import', PEAK_RSS, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`bench: ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`);
  return { ms, peakRssMb: round(Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? 0) / 1024) };
}

interface LiveFigures {
  wallMs: number;
  processMs: number;
  requests: number;
  connections: number;
  criticalPath: number;
  scenarios: number;
  notPassed: string[];
  peakRssMb: number;
}

const SAP = 'sap-mobile-services';

/**
 * One live run through the proxy, against simulators served fresh for it (a SAML session is ended once per deployment);
 * `sap`: SAP Mobile Services alone, its Basic application or its SAML one.
 */
async function liveRun(rttMs: number, n: number, sap?: 'basic' | 'saml'): Promise<LiveFigures> {
  const served = await serveSimulators(sap ? [SAP] : undefined);
  const proxies: LatencyProxy[] = [];
  try {
    const systems: Record<string, unknown> = {};
    const chosen = sap === 'saml' ? (served.alternatives.saml?.systems ?? {}) : served.targets.systems;
    for (const [key, target] of Object.entries(chosen) as [string, { baseUrl: string }][]) {
      const url = new URL(target.baseUrl);
      const proxy = await LatencyProxy.start({ host: url.hostname, port: Number(url.port) }, rttMs);
      proxies.push(proxy);
      url.port = String(proxy.port);
      systems[key] = { ...target, baseUrl: url.href.replace(/\/$/, '') };
    }
    const targets = join(scratch, `targets-${rttMs}-${n}${sap ?? ''}.json`);
    const out = join(scratch, `live-${rttMs}-${n}${sap ?? ''}.json`);
    await writeFile(targets, JSON.stringify({ systems }));
    const { ms, peakRssMb } = await child(['bin/bench/live-run.ts', targets, String(concurrency), out]);
    const figures = JSON.parse(await readFile(out, 'utf8')) as Omit<LiveFigures, 'processMs' | 'connections' | 'peakRssMb'>;
    return { ...figures, processMs: ms, connections: proxies.reduce((sum, p) => sum + p.connections, 0), peakRssMb };
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
    await served.close();
  }
}

if (values.saml) {
  const median = (xs: number[]) => spread(xs).median;
  const rows: Record<string, unknown> = {};
  for (const rtt of rtts) {
    for (const sap of ['basic', 'saml'] as const) {
      const xs: LiveFigures[] = [];
      for (let i = 0; i < runs; i++) xs.push(await liveRun(rtt, i, sap));
      const first = xs[0] as LiveFigures;
      const row = {
        wallMs: spread(xs.map((x) => x.wallMs)),
        requests: first.requests,
        connections: first.connections,
        criticalPathRoundTrips: first.criticalPath,
      };
      // Only SAP runs: the other systems' scenarios are out of scope, not failures.
      const notPassed = [...new Set(xs.flatMap((x) => x.notPassed))].filter((line) => !line.endsWith(' out-of-scope'));
      rows[`${sap} ${rtt}ms`] = { ...row, notPassed };
      process.stdout.write(
        `SAP ${sap.padEnd(5)} at ${rtt} ms RTT  wall median ${median(xs.map((x) => x.wallMs))} ms  ${first.requests} requests through the harness  ${first.connections} connections  critical path ${first.criticalPath} round trips  ${first.scenarios} scenarios passed${notPassed.length ? `  NOT PASSED: ${notPassed.join(', ')}` : ''}\n`,
      );
    }
  }
  await mkdir('reports', { recursive: true });
  await writeFile(
    'reports/bench-saml.json',
    `${JSON.stringify({ machine: { cpus: cpus().length, node: process.versions.node }, concurrency, sap: rows }, null, 2)}\n`,
  );
  await rm(scratch, { recursive: true, force: true });
  process.stdout.write('wrote reports/bench-saml.json\n');
  process.exit(0);
}

const live: Record<string, LiveFigures[]> = {};
for (const rtt of rtts) {
  live[rtt] = [];
  for (let i = 0; i < runs; i++) live[rtt].push(await liveRun(rtt, i));
}
const nock: { ms: number; peakRssMb: number }[] = [];
for (let i = 0; i < runs; i++) nock.push(await child(['bin/conformance.ts', '--reports', join(scratch, 'nock')]));

const report = {
  machine: { cpus: cpus().length, node: process.versions.node },
  concurrency,
  live: Object.fromEntries(
    Object.entries(live).map(([rtt, xs]) => {
      const first = xs[0] as LiveFigures;
      const wall = spread(xs.map((x) => x.wallMs));
      return [
        `${rtt}ms`,
        {
          wallMs: wall,
          processMs: spread(xs.map((x) => x.processMs)),
          requests: first.requests,
          connections: first.connections,
          criticalPathRoundTrips: first.criticalPath,
          wallOverCriticalPath: Math.round((wall.median / (first.criticalPath * Number(rtt))) * 100) / 100,
          peakRssMb: Math.max(...xs.map((x) => x.peakRssMb)),
          scenariosPassed: first.scenarios,
          notPassed: [...new Set(xs.flatMap((x) => x.notPassed))],
        },
      ];
    }),
  ),
  wholeRun: { nock: { wallMs: spread(nock.map((x) => x.ms)), peakRssMb: Math.max(...nock.map((x) => x.peakRssMb)) } },
};
for (const [rtt, f] of Object.entries(report.live)) {
  process.stdout.write(
    `live at ${rtt.padStart(6)} RTT  wall median ${String(f.wallMs.median).padStart(7)} ms (min ${f.wallMs.min}, max ${f.wallMs.max}; process ${f.processMs.median} ms)  ${f.requests} requests  ${f.connections} connections  critical path ${f.criticalPathRoundTrips} round trips  wall/(path×RTT) ${f.wallOverCriticalPath}  peak ${f.peakRssMb} MB${f.notPassed.length ? `  NOT PASSED: ${f.notPassed.join(', ')}` : ''}\n`,
  );
}
const n = report.wholeRun.nock;
process.stdout.write(
  `whole run, nock      median ${n.wallMs.median} ms (min ${n.wallMs.min}, max ${n.wallMs.max}, ${n.wallMs.runs} runs), peak ${n.peakRssMb} MB\n`,
);
await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', `${JSON.stringify(report, null, 2)}\n`);
await rm(scratch, { recursive: true, force: true });
process.stdout.write('wrote reports/bench.json\n');
