import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { EXIT } from '../../support/report/exit-codes.ts';
import { matrixOf, type FleetCompliance } from '../../support/report/document.ts';
import { mergeReports } from '../../support/report/merge.ts';
import { runConformance } from '../../support/run/conformance.ts';
import { serveSimulators, type ServedSimulators } from '../../support/harness/serve.ts';
import { loadTargets, loadTargetsFile } from '../../support/targets/load.ts';
import { targetsFile } from '../support/targets-file.ts';
import { tempDir } from '../support/temp.ts';

const exec = promisify(execFile);
const dir = await tempDir('fleet-');
const validate = new Ajv({ strict: false, validateFormats: false }).compile(JSON.parse(await readFile('support/report/compliance.schema.json', 'utf8')));

// Three deployments, each a set of simulators of its own on loopback; us-prod's Flexi
// answers an HTML call 200 instead of the documented 303 (FLX-2).
const SYSTEMS = ['flexi', 'inforouter'] as const;
// A few clauses of each: one that passes, FLX-2 (which us-prod breaks), and one that cannot be
// verified live. Every verdict the matrix, the shards' merge and the reports show, without
// running the whole suite once per deployment and again per shard.
const TAGS = '@clause:FLX-1 or @clause:FLX-2 or @clause:FLX-5 or @clause:INR-1 or @clause:INR-10';
const NAMES = ['eu-prod', 'us-prod', 'ap-staging'] as const;
const served = new Map<string, ServedSimulators>();
for (const name of NAMES) served.set(name, await serveSimulators(SYSTEMS, name === 'us-prod' ? { defects: ['flexi/html-call-answers-200'] } : {}));
after(() => Promise.all([...served.values()].map((s) => s.close())));

/** The fleet file a team would write: what the deployments share once, in defaults; each deployment its base URLs. */
function fleetFile(): unknown {
  const entries = (name: string) => (served.get(name)?.targets.systems ?? {}) as Record<string, Record<string, unknown>>;
  const shared = entries('eu-prod');
  return {
    defaults: { timeoutMs: 10_000, systems: Object.fromEntries(Object.entries(shared).map(([key, { baseUrl: _, ...rest }]) => [key, rest])) },
    deployments: Object.fromEntries(
      NAMES.map((name) => [name, { systems: Object.fromEntries(Object.entries(entries(name)).map(([key, e]) => [key, { baseUrl: e.baseUrl }])) }]),
    ),
  };
}

const EXPECTED = [
  ['deployment', 'MYOB Acumatica', 'ABRA Flexi', 'infoRouter', 'SAP Mobile Services'],
  ['ap-staging', 'out of scope', 'not-verified (MUST 2/3)', 'not-verified (MUST 2/3)', 'out of scope'],
  ['eu-prod', 'out of scope', 'not-verified (MUST 2/3)', 'not-verified (MUST 2/3)', 'out of scope'],
  ['us-prod', 'out of scope', 'nonconformant (MUST 1/3)', 'not-verified (MUST 2/3)', 'out of scope'],
];

const fleetTargets = await targetsFile(fleetFile());
let printed = '';
// With an extra formatter, whose files "a fleet's extra formatters" reads.
const asked = join(dir, 'formats-out', 'cucumber.json');
const single = await runConformance({
  targets: fleetTargets,
  reports: join(dir, 'one-run'),
  tags: TAGS,
  cucumber: { formats: [`json:${asked}`] },
  out: (t) => (printed += t),
});

/** A report file without what differs between two runs of the same targets: when it was written. */
const timeless = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/g, '<time>');

describe('a fleet of three deployments in one run', () => {
  it('reports the matrix of deployments by systems, each verdict with its coverage, and exits with the worst', async () => {
    assert.equal(single.exitCode, EXIT.nonconformant, printed);
    assert.ok(single.fleet, 'a fleet report');
    assert.deepEqual(matrixOf(single.fleet as FleetCompliance), EXPECTED);
    assert.deepEqual(
      single.fleet?.deployments.map((d) => [d.deployment, d.exitCode]),
      [
        ['ap-staging', EXIT.notVerified],
        ['eu-prod', EXIT.notVerified],
        ['us-prod', EXIT.nonconformant],
      ],
    );
    assert.match(printed, /\n {2}us-prod +out of scope +nonconformant \(MUST 1\/3\) +not-verified \(MUST 2\/3\) +out of scope\n/);
    assert.match(printed, /Deployment us-prod: exit 1\n(?:.*\n)*? {4}FLX-2 FAILED: /);
  });

  it("writes the matrix and each deployment's details to compliance.md and a schema-valid compliance.json", async () => {
    const written = JSON.parse(await readFile(join(dir, 'one-run', 'compliance.json'), 'utf8'));
    assert.equal(validate(written), true, JSON.stringify(validate.errors));
    assert.equal(written.exitCode, EXIT.nonconformant);
    const md = await readFile(join(dir, 'one-run', 'compliance.md'), 'utf8');
    assert.match(md, /\| us-prod \| \*\*out of scope\*\* \| \*\*nonconformant \(MUST 1\/3\)\*\* \|/);
    for (const name of NAMES) assert.match(md, new RegExp(`^## Deployment ${name}$[\\s\\S]*?^### ABRA Flexi: `, 'm'));
  });

  it('names the deployment in JUnit suites and in Allure (parent suite, label, and its own history)', async () => {
    const junit = await readFile(join(dir, 'one-run', 'junit.xml'), 'utf8');
    assert.match(
      junit,
      /<testsuite name="us-prod \/ ABRA Flexi" tests="\d+" failures="1" [^>]*>\n {4}<properties><property name="deployment" value="us-prod"\/>/,
    );
    assert.equal([...junit.matchAll(/<testsuite name="(ap-staging|eu-prod|us-prod) \/ /g)].length, 12);
    const folder = join(dir, 'one-run', 'allure-results');
    const results = await Promise.all(
      (await readdir(folder))
        .filter((f) => f.endsWith('-result.json'))
        .map(
          async (f) => JSON.parse(await readFile(join(folder, f), 'utf8')) as { historyId: string; name: string; labels: { name: string; value: string }[] },
        ),
    );
    const label = (r: (typeof results)[number], name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);
    for (const name of NAMES)
      assert.ok(
        results.some((r) => label(r, 'deployment')[0] === name),
        `no result of ${name}`,
      );
    for (const r of results) {
      const [deployment] = label(r, 'deployment');
      assert.ok(NAMES.includes(deployment as (typeof NAMES)[number]), `${r.name}: no deployment label`);
      assert.deepEqual(label(r, 'parentSuite'), [deployment]);
      assert.ok(r.historyId.startsWith(`${deployment}:`));
    }
    assert.equal(new Set(results.map((r) => r.historyId)).size, results.length, 'the same scenario on two deployments is two tests, not retries of one');
  });
});

describe("a fleet's extra formatters", () => {
  it('write one file per deployment, named after it, each of its own run', async () => {
    // The one run's: us-prod's file alone holds the scenario its defect fails.
    assert.equal(single.fleet?.deployments.length, 3);
    assert.deepEqual((await readdir(join(dir, 'formats-out'))).sort(), NAMES.map((n) => `cucumber.${n}.json`).sort());
    for (const name of NAMES) {
      const features = JSON.parse(await readFile(join(dir, 'formats-out', `cucumber.${name}.json`), 'utf8')) as { elements: unknown[] }[];
      assert.ok(features.length > 0 && features.every((f) => f.elements.length > 0), `${name}: its own run's scenarios`);
      const failed = JSON.stringify(features).includes('"status":"failed"');
      assert.equal(failed, name === 'us-prod', `${name}: ${failed ? 'a' : 'no'} failed step`);
    }
  });
});

describe('the same fleet split across CI jobs', () => {
  it('three shards, merged, give the matrix and report files of the single run', async () => {
    const shards = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const reports = join(dir, `shard-${shard[0]}`);
      const outcome = await runConformance({ targets: fleetTargets, reports, shard, tags: TAGS, out: () => {} });
      assert.equal(outcome.fleet?.deployments.length, 1, `shard ${shard}`);
      shards.push(join(reports, 'compliance.json'));
    }
    const merged = await mergeReports(shards);
    assert.deepEqual(matrixOf(merged.fleet), EXPECTED);
    assert.equal(merged.exitCode, EXIT.nonconformant);
    assert.deepEqual(
      merged.allureResults,
      shards.map((s) => join(s, '..', 'allure-results')),
    );

    // As a CI merge job runs it: the installed command, its exit code, its files.
    const out = join(dir, 'merged');
    const code = await exec(process.execPath, ['bin/merge.ts', out, ...shards]).then(
      () => 0,
      (e: { code: number }) => e.code,
    );
    assert.equal(code, EXIT.nonconformant);
    for (const file of ['compliance.md', 'junit.xml']) {
      assert.equal(timeless(await readFile(join(out, file), 'utf8')), timeless(await readFile(join(dir, 'one-run', file), 'utf8')), file);
    }
    const json = (path: string) => readFile(path, 'utf8').then((t) => JSON.parse(timeless(t)));
    assert.deepEqual(await json(join(out, 'compliance.json')), await json(join(dir, 'one-run', 'compliance.json')));
    // Allure's results of every shard in one folder, with the fleet's verdicts beside them (a row per deployment × system), as the one run's.
    for (const file of ['environment.properties', 'executor.json', 'categories.json']) {
      const merged = await readFile(join(out, 'allure-results', file), 'utf8');
      assert.equal(merged, await readFile(join(dir, 'one-run', 'allure-results', file), 'utf8'), file);
    }
    assert.match(
      await readFile(join(out, 'allure-results', 'environment.properties'), 'utf8'),
      /^us-prod\\ \/\\ ABRA\\ Flexi=nonconformant: MUST 1 passed, 1 failed \(FLX-2\), /,
    );
    const results = async (folder: string) => (await readdir(folder)).filter((f) => f.endsWith('-result.json')).length;
    const shardResults = await Promise.all(merged.allureResults.map(results));
    assert.equal(
      await results(join(out, 'allure-results')),
      shardResults.reduce((a, b) => a + b, 0),
    );
    assert.equal(await results(join(out, 'allure-results')), await results(join(dir, 'one-run', 'allure-results')));
    // One site for the fleet, from the merge as from the one run: every deployment in its matrix, the shards' transcripts.
    for (const site of [join(out, 'site'), join(dir, 'one-run', 'site')]) {
      const index = await readFile(join(site, 'index.html'), 'utf8');
      for (const name of ['ap-staging', 'eu-prod', 'us-prod']) assert.match(index, new RegExp(`<th scope="row">${name}</th>`), `${site}: ${name}`);
      assert.match(await readFile(join(site, 'flexi.html'), 'utf8'), /HTTP transcript \(redacted\)/, site);
    }
  });

  it('refuses, in one line with exit 2, a deployment the file does not name, a shard without deployments, and a shard of none', async () => {
    const cases: [Parameters<typeof runConformance>[0], RegExp][] = [
      [
        { targets: fleetTargets, deployments: ['eu-prod', 'mars'] },
        /^conformance: --deployments: no deployment "mars" in .*; it names eu-prod, us-prod, ap-staging\n$/,
      ],
      [{ tags: '@flexi', shard: '1/2' }, /^conformance: --shard needs a targets file that names deployments\n$/],
      [{ targets: fleetTargets, shard: '4/4' }, /^conformance: shard 4\/4 of 3 deployments has none: use fewer shards\n$/],
    ];
    for (const [options, expected] of cases) {
      let line = '';
      const { exitCode } = await runConformance({ ...options, reports: join(dir, 'refused'), out: (t) => (line += t) });
      assert.equal(exitCode, EXIT.couldNotRun, line);
      assert.match(line, expected);
    }
  });

  it('merge refuses a deployment given twice, a run without deployment names, and a file that is not there', async () => {
    const one = join(dir, 'shard-1', 'compliance.json');
    await assert.rejects(mergeReports([one, one]), /deployment ap-staging is in both .* and .*: merge each deployment's run once/);
    const plain = join(dir, 'plain');
    const flexi = served.get('eu-prod')?.targets.systems.flexi;
    await runConformance({ targets: await targetsFile({ systems: { flexi } }), tags: '@clause:FLX-1', reports: plain, out: () => {} });
    await assert.rejects(mergeReports([one, join(plain, 'compliance.json')]), /a run of one unnamed deployment/);
    await assert.rejects(mergeReports([join(dir, 'nope.json')]), /nope\.json: no such file/);
  });
});

describe('a fleet targets file', () => {
  it('merges each deployment over the defaults, and names the deployment in any problem', async () => {
    const fleet = await loadTargetsFile(fleetTargets);
    assert.ok('deployments' in fleet);
    const us = fleet.deployments.find((d) => d.name === 'us-prod')?.targets;
    assert.equal(us?.timeoutMs, 10_000);
    assert.equal(
      us?.systems.flexi?.baseUrl,
      served.get('us-prod')?.targets.systems.flexi && (served.get('us-prod')?.targets.systems.flexi as { baseUrl: string }).baseUrl,
    );
    assert.equal((us?.systems.flexi as { company?: string } | undefined)?.company, 'demo');
    const broken = await targetsFile({ deployments: { eu: { systems: { acumatica: { baseUrl: 'https://x.test' } } } } });
    await assert.rejects(loadTargetsFile(broken), /deployments\.eu\.systems\.acumatica: missing field "username"/);
    await assert.rejects(loadTargetsFile(await targetsFile({ deployments: { 'no spaces': { systems: {} } } })), /deployments/);
    await assert.rejects(loadTargets(fleetTargets), /names 3 deployments; run it with logout-conformance/);
  });

  it('targets/example-fleet.json is one, and what a deployment gives wins over the defaults', async () => {
    const example = await loadTargetsFile('targets/example-fleet.json', { FLEXI_PASSWORD: 'x1234', INFOROUTER_PASSWORD: 'x1234' });
    assert.ok('deployments' in example);
    const of = (name: string) => example.deployments.find((d) => d.name === name)?.targets;
    assert.deepEqual(
      example.deployments.map((d) => [d.name, Object.keys(d.targets.systems)]),
      [
        ['eu-prod', ['flexi', 'inforouter']],
        ['us-prod', ['flexi', 'inforouter']],
        ['eu-staging', ['flexi']],
      ],
    );
    assert.deepEqual([of('eu-prod')?.systems.flexi?.company, of('us-prod')?.systems.flexi?.company], ['demo', 'demo_us']);
    assert.deepEqual([of('eu-prod')?.timeoutMs, of('eu-staging')?.timeoutMs], [10_000, 30_000]);
  });

  it('a deployment without any system the run selected is out of scope, and does not decide the exit code', async () => {
    const flexi = served.get('eu-prod')?.targets.systems.flexi as { baseUrl: string };
    const inforouter = served.get('eu-prod')?.targets.systems.inforouter as { baseUrl: string };
    const file = await targetsFile({
      defaults: (fleetFile() as { defaults: unknown }).defaults,
      deployments: { a: { systems: { flexi: { baseUrl: flexi.baseUrl } } }, b: { systems: { inforouter: { baseUrl: inforouter.baseUrl } } } },
    });
    let out = '';
    const { exitCode, fleet } = await runConformance({
      targets: file,
      reports: join(dir, 'selected'),
      systems: ['flexi'],
      tags: '@clause:FLX-1',
      out: (t) => (out += t),
    });
    assert.equal(exitCode, EXIT.conformant, out);
    assert.deepEqual(
      matrixOf(fleet as FleetCompliance)
        .slice(1)
        .map((row) => row.slice(0, 4)),
      [
        ['a', 'out of scope', 'conformant (MUST 1/1)', 'out of scope'],
        ['b', 'out of scope', 'out of scope', 'out of scope'],
      ],
    );
  });

  it('one deployment that cannot be reached is broken, and the others are still checked', async () => {
    const file = await targetsFile({
      defaults: (fleetFile() as { defaults: unknown }).defaults,
      deployments: {
        down: { systems: { flexi: { baseUrl: 'http://127.0.0.1:1' } } },
        up: { systems: { flexi: { baseUrl: (served.get('eu-prod')?.targets.systems.flexi as { baseUrl: string }).baseUrl } } },
      },
    });
    let out = '';
    const { exitCode, fleet } = await runConformance({ targets: file, reports: join(dir, 'down'), tags: '@flexi and @clause:FLX-1', out: (t) => (out += t) });
    assert.equal(exitCode, EXIT.broken, out);
    assert.deepEqual(
      fleet?.deployments.map((d) => [d.deployment, d.exitCode]),
      [
        ['down', EXIT.broken],
        ['up', EXIT.conformant],
      ],
    );
    assert.match(matrixOf(fleet as FleetCompliance)[1]?.[2] ?? '', /^could not run: ABRA Flexi unreachable before any scenario: .*connection refused/);
  });
});
