// npm run bench [-- --rtt 20,100 --concurrency 16 --runs 3]: how long a live run takes
// across a network. The built-in simulators are served on loopback behind a proxy
// that adds a round-trip time (bin/bench/latency-proxy.ts); the live suite runs
// through it, each run in a process of its own. Printed per RTT: wall time,
// requests, connections, the critical path in round trips and wall / (critical
// path × RTT), peak memory; and the whole `npm run conformance` on nock, process
// start included. Figures also to reports/bench.json.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serveSimulators } from '../support/harness/serve.ts';
import { DEFAULT_CONCURRENCY } from '../support/harness/parameters.ts';
import { LatencyProxy } from './bench/latency-proxy.ts';
import type { ScenarioRoundTrips } from './bench/live-run.ts';

const USAGE = 'Usage: npm run bench -- [--rtt 20,100] [--users one,pools,sap-basic,sap-saml] [--saml] [--concurrency n] [--runs 3] [--no-nock]';
let values: { runs: string; rtt?: string | undefined; users?: string | undefined; saml?: boolean | undefined; concurrency: string; nock: boolean };
try {
  ({ values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      rtt: { type: 'string' },
      users: { type: 'string' },
      // SAP Mobile Services alone, its Basic application beside its SAML one, at 100 ms RTT.
      saml: { type: 'boolean' },
      concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
      nock: { type: 'boolean', default: true },
    },
    allowNegative: true,
  }));
} catch (err) {
  process.stderr.write(`bench: ${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}

type Systems = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
type Served = Awaited<ReturnType<typeof serveSimulators>>;
const SAP = 'sap-mobile-services';
/**
 * A measured configuration of the targets: what the served simulators' targets file
 * becomes for it. Each is a row of the bench per RTT; another kind of deployment
 * (an application kind, say) is one more entry.
 */
interface Configuration {
  readonly what: string;
  /** Only these systems are served and run; all when absent. */
  readonly only?: readonly (typeof SAP)[];
  readonly systems: (served: Served) => Systems;
}
const withoutPools = (systems: Systems): Systems =>
  Object.fromEntries(Object.entries(systems).map(([key, { moreUsers: _u, moreAdmins: _a, ...target }]) => [key, target]));
const CONFIGURATIONS: Readonly<Record<string, Configuration>> = {
  // What a QA team's first run has: one test user per system (Flexi's user and otherUser, one administrator).
  one: {
    what: 'one test user per system',
    systems: (served) => withoutPools(served.targets.systems as Systems),
  },
  pools: { what: "the simulators' pools of test users", systems: (served) => served.targets.systems as Systems },
  'sap-basic': { what: 'SAP Mobile Services alone, its Basic application', only: [SAP], systems: (served) => served.targets.systems as Systems },
  'sap-saml': {
    what: 'SAP Mobile Services alone, its SAML application (every sign-in through the IdP in Chromium)',
    only: [SAP],
    systems: (served) => (served.alternatives.saml?.systems ?? {}) as Systems,
  },
};
const configurations = (values.users ?? (values.saml ? 'sap-basic,sap-saml' : 'one,pools')).split(',');
const unknown = configurations.filter((c) => !Object.hasOwn(CONFIGURATIONS, c));
if (unknown.length) {
  process.stderr.write(`bench: --users ${unknown.join(',')}: not one of ${Object.keys(CONFIGURATIONS).join(', ')}\n${USAGE}\n`);
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
  beforeFirstMs: number;
  afterLastMs: number;
  processMs: number;
  requests: number;
  connections: number;
  criticalPath: number;
  criticalPathBySystem: Record<string, number>;
  perScenario: ScenarioRoundTrips[];
  scenarios: number;
  notPassed: string[];
  peakRssMb: number;
}

/** One live run through the proxy, against simulators served fresh for it (a SAML session is ended once per deployment). */
async function liveRun(configuration: string, rttMs: number, n: number): Promise<LiveFigures> {
  const chosen = CONFIGURATIONS[configuration] as Configuration;
  const served = await serveSimulators(chosen.only);
  const proxies: LatencyProxy[] = [];
  try {
    const systems: Record<string, unknown> = {};
    const configured = chosen.systems(served);
    for (const [key, target] of Object.entries(configured)) {
      const url = new URL(String(target.baseUrl));
      const proxy = await LatencyProxy.start({ host: url.hostname, port: Number(url.port) }, rttMs);
      proxies.push(proxy);
      url.port = String(proxy.port);
      systems[key] = { ...target, baseUrl: url.href.replace(/\/$/, '') };
    }
    const name = `${configuration}-${rttMs}-${n}`;
    const targets = join(scratch, `targets-${name}.json`);
    const out = join(scratch, `live-${name}.json`);
    await writeFile(targets, JSON.stringify({ systems }));
    const { ms, peakRssMb } = await child(['bin/bench/live-run.ts', targets, String(concurrency), out]);
    const figures = JSON.parse(await readFile(out, 'utf8')) as Omit<LiveFigures, 'processMs' | 'connections' | 'peakRssMb'>;
    return { ...figures, processMs: ms, connections: proxies.reduce((sum, p) => sum + p.connections, 0), peakRssMb };
  } finally {
    await Promise.all(proxies.map((p) => p.close()));
    await served.close();
  }
}

/** The figures of one configuration at one RTT, over its runs (the round trips are the first run's). */
function summary(rtt: number, xs: readonly LiveFigures[]) {
  const first = xs[0] as LiveFigures;
  const wall = spread(xs.map((x) => x.wallMs));
  const bySystem: Record<string, { criticalPath: number; alongCriticalPath: number; own: number; scenarios: number }> = {};
  for (const s of first.perScenario) {
    const sum = (bySystem[s.system] ??= { criticalPath: first.criticalPathBySystem[s.system] ?? 0, alongCriticalPath: 0, own: 0, scenarios: 0 });
    sum.alongCriticalPath += s.alongCriticalPath;
    sum.own += s.own;
    sum.scenarios++;
  }
  return {
    wallMs: wall,
    // Of the wall time, before the first request and after the last one.
    beforeFirstMs: spread(xs.map((x) => x.beforeFirstMs)),
    afterLastMs: spread(xs.map((x) => x.afterLastMs)),
    processMs: spread(xs.map((x) => x.processMs)),
    requests: first.requests,
    connections: first.connections,
    criticalPathRoundTrips: first.criticalPath,
    wallOverCriticalPath: Math.round((wall.median / (first.criticalPath * rtt)) * 100) / 100,
    peakRssMb: Math.max(...xs.map((x) => x.peakRssMb)),
    scenariosPassed: first.scenarios,
    // A configuration of one system leaves the others' scenarios out of scope: not a failure.
    notPassed: [...new Set(xs.flatMap((x) => x.notPassed))].filter((line) => !line.endsWith(' out-of-scope')),
    // Per system: its own critical path, how many of the run's lie in it, and the sum of its scenarios' own chains.
    roundTripsBySystem: bySystem,
    perScenario: [...first.perScenario].sort((a, b) => b.own - a.own),
  };
}

const live: Record<string, Record<string, ReturnType<typeof summary>>> = {};
for (const configuration of configurations) {
  live[configuration] = {};
  for (const rtt of rtts) {
    const xs: LiveFigures[] = [];
    for (let i = 0; i < runs; i++) xs.push(await liveRun(configuration, rtt, i));
    live[configuration][`${rtt}ms`] = summary(rtt, xs);
  }
}
const nock: { ms: number; peakRssMb: number }[] = [];
if (values.nock && !values.saml) for (let i = 0; i < runs; i++) nock.push(await child(['bin/conformance.ts', '--reports', join(scratch, 'nock')]));

const report = {
  machine: { cpus: cpus().length, node: process.versions.node },
  concurrency,
  configurations: Object.fromEntries(configurations.map((c) => [c, (CONFIGURATIONS[c] as Configuration).what])),
  live,
  ...(nock.length && { wholeRun: { nock: { wallMs: spread(nock.map((x) => x.ms)), peakRssMb: Math.max(...nock.map((x) => x.peakRssMb)) } } }),
};
for (const [configuration, byRtt] of Object.entries(report.live)) {
  process.stdout.write(`${(CONFIGURATIONS[configuration] as Configuration).what} (--users ${configuration}):\n`);
  for (const [rtt, f] of Object.entries(byRtt)) {
    const systems = Object.entries(f.roundTripsBySystem)
      .map(([key, s]) => `${key} ${s.criticalPath} (${s.alongCriticalPath} on the run's; its scenarios' own ${s.own})`)
      .join(', ');
    process.stdout.write(
      `  live at ${rtt.padStart(6)} RTT  wall median ${String(f.wallMs.median).padStart(7)} ms (min ${f.wallMs.min}, max ${f.wallMs.max}; ${f.beforeFirstMs.median} ms before the first request, ${f.afterLastMs.median} after the last; process ${f.processMs.median} ms)  ${f.requests} requests  ${f.connections} connections  critical path ${f.criticalPathRoundTrips} round trips  wall/(path×RTT) ${f.wallOverCriticalPath}  peak ${f.peakRssMb} MB${f.notPassed.length ? `  NOT PASSED: ${f.notPassed.join(', ')}` : ''}\n` +
        `    critical path by system: ${systems}\n`,
    );
  }
}
if (report.wholeRun) {
  const n = report.wholeRun.nock;
  process.stdout.write(
    `whole run, nock      median ${n.wallMs.median} ms (min ${n.wallMs.min}, max ${n.wallMs.max}, ${n.wallMs.runs} runs), peak ${n.peakRssMb} MB\n`,
  );
}
await mkdir('reports', { recursive: true });
await writeFile('reports/bench.json', `${JSON.stringify(report, null, 2)}\n`);
await rm(scratch, { recursive: true, force: true });
process.stdout.write("wrote reports/bench.json (each scenario's round trips under perScenario)\n");
