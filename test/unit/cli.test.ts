import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import pkg from '../../package.json' with { type: 'json' };
import { parseCommandLine, PROFILES, USAGE, type RunCommand } from '../../support/cli/args.ts';
import { EXIT, EXIT_MEANINGS } from '../../support/report/exit-codes.ts';

/** The run a command line asks for; fails the test on any other answer. */
function run(argv: string[], env: NodeJS.ProcessEnv = {}): RunCommand {
  const parsed = parseCommandLine(argv, env);
  assert.equal(parsed.kind, 'run', parsed.kind === 'error' ? parsed.message : parsed.kind);
  return (parsed as { options: RunCommand }).options;
}

/** The error a command line gets: one line per problem, each prefixed, with the usage beside it. */
function refused(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  const parsed = parseCommandLine(argv, env);
  assert.equal(parsed.kind, 'error', `accepted: ${argv.join(' ')}`);
  const { message, usage } = parsed as { message: string; usage: string };
  assert.equal(usage, USAGE);
  for (const line of message.split('\n')) assert.match(line, /^conformance: \S/);
  return message;
}

describe('the command line', () => {
  it('--help and -h give the usage: every option and every exit code', () => {
    for (const argv of [['--help'], ['-h'], ['--tags', '@flexi', '--help']]) assert.deepEqual(parseCommandLine(argv, {}), { kind: 'help', text: USAGE });
    const options = [
      '--targets',
      '--systems',
      '--tags',
      '--reports',
      '--profile',
      '--concurrency',
      '--slow',
      '--baseline',
      '--fail-on-change',
      '--deployments',
      '--shard',
      '--verbose',
      '--help',
      '--version',
      '--name',
      '--retry',
      '--format',
      '--dry-run',
    ];
    for (const option of options) assert.match(USAGE, new RegExp(`^  (-\\w, )?${option}\\b`, 'm'), option);
    for (const key of ['acumatica', 'flexi', 'inforouter', 'sap-mobile-services']) assert.ok(USAGE.includes(key), key);
    assert.equal(EXIT_MEANINGS.length, 7);
    for (const [code, meaning] of EXIT_MEANINGS) assert.ok(USAGE.includes(`  ${code.padEnd(8)}${meaning}\n`), code);
    assert.match(USAGE, /^ {2}130\/143 +interrupted/m);
  });

  it('--version names the package version', () => {
    const parsed = parseCommandLine(['--version'], {});
    assert.equal(parsed.kind, 'version');
    assert.match((parsed as { text: string }).text, new RegExp(`^logout-conformance ${pkg.version.replaceAll('.', '\\.')} \\(Node \\d+\\.\\d+\\.\\d+\\)\\n$`));
  });

  it('exit codes keep their numbers', () => {
    assert.deepEqual(EXIT, { conformant: 0, nonconformant: 1, couldNotRun: 2, broken: 3, notVerified: 4, changed: 5, interrupted: 130, terminated: 143 });
  });

  it('the profiles are the ones cucumber.cjs defines', () => {
    const profiles = Object.keys(createRequire(import.meta.url)('../../cucumber.cjs'));
    assert.deepEqual([...profiles].sort(), [...PROFILES].sort());
  });

  it('no option: the simulators, reports/, nothing narrowed', () => {
    assert.deepEqual(run([]), { reports: 'reports', slow: false, failOnChange: false, verbose: false, cucumber: { names: [], formats: [], dryRun: false } });
  });

  it('takes the targets, reports folder and slow scenarios from the environment, the options first', () => {
    const env = { CONFORMANCE_TARGETS: 'targets/env.json', CONFORMANCE_REPORTS: 'out', CONFORMANCE_SLOW: '1' };
    assert.deepEqual([run([], env).targets, run([], env).reports, run([], env).slow], ['targets/env.json', 'out', true]);
    const given = run(['--targets', 'targets/mine.json', '--reports', 'r'], env);
    assert.deepEqual([given.targets, given.reports], ['targets/mine.json', 'r']);
    assert.equal(run(['--slow']).slow, true);
    assert.equal(run([], { CONFORMANCE_SLOW: '0' }).slow, false);
  });

  it('a live run in CI: every value read', () => {
    const options = run([
      '--targets=targets/ci.json',
      '--systems',
      'flexi, sap-mobile-services',
      '--tags',
      'not @slow',
      '--tags',
      '@clause:FLX-1 or @sap-mobile-services',
      '--profile',
      'live',
      '--concurrency',
      '8',
      '--baseline',
      'last/compliance.json',
      '--fail-on-change',
      '--deployments',
      'eu,us',
      '--shard',
      '2/3',
      '--verbose',
      '--name',
      'sign-out',
      '--name',
      '^Logout v2',
      '--retry',
      '1',
      '--format',
      'json:reports/cucumber.json',
      '--format',
      'summary',
      '--dry-run',
      '--order',
      'random:42',
    ]);
    assert.deepEqual(options, {
      targets: 'targets/ci.json',
      systems: ['flexi', 'sap-mobile-services'],
      tags: '(not @slow) and (@clause:FLX-1 or @sap-mobile-services)',
      reports: 'reports',
      profile: 'live',
      concurrency: 8,
      slow: false,
      baseline: 'last/compliance.json',
      failOnChange: true,
      deployments: ['eu', 'us'],
      shard: '2/3',
      verbose: true,
      cucumber: { names: ['sign-out', '^Logout v2'], retry: 1, formats: ['json:reports/cucumber.json', 'summary'], dryRun: true, order: 'random:42' },
    });
  });

  it('the bounds of numbers are accepted', () => {
    assert.equal(run(['--concurrency', '1']).concurrency, 1);
    assert.equal(run(['--concurrency', '64']).concurrency, 64);
    assert.equal(run(['--retry', '0']).cucumber.retry, 0);
    assert.equal(run(['--shard', '3/3']).shard, '3/3');
  });

  describe('refuses, in one line each', () => {
    const cases: [string[], string | RegExp][] = [
      [['--frobnicate'], "conformance: Unknown option '--frobnicate'"],
      [['-x'], "conformance: Unknown option '-x'"],
      [['--parallel', '4'], "conformance: Unknown option '--parallel': scenarios run side by side with --concurrency <n> (default 16)"],
      [['--tags'], "conformance: Option '--tags <value>' argument missing"],
      [['acumatica'], "conformance: Unexpected argument 'acumatica'"],
      [['--slow=yes'], "conformance: Option '--slow' does not take an argument"],
      [['--concurrency', 'x'], 'conformance: --concurrency must be an integer from 1 to 64, got "x"'],
      [['--concurrency', '0'], 'conformance: --concurrency must be an integer from 1 to 64, got "0"'],
      [['--concurrency', '65'], 'conformance: --concurrency must be an integer from 1 to 64, got "65"'],
      [['--concurrency', '2.5'], 'conformance: --concurrency must be an integer from 1 to 64, got "2.5"'],
      [['--retry=-1'], 'conformance: --retry must be an integer from 0 to 10, got "-1"'],
      [['--order', 'shuffled'], 'conformance: --order must be defined, reverse, random or random:<seed>, got "shuffled"'],
      [
        ['--retry', '-1'],
        "conformance: Option '--retry' argument is ambiguous. Did you forget to specify the option argument for '--retry'? To specify an option argument starting with a dash use '--retry=-XYZ'.",
      ],
      [['--systems', 'acumatica,sap'], 'conformance: --systems: no system "sap"; the systems are acumatica, flexi, inforouter, sap-mobile-services'],
      [['--systems', 'flexi,'], 'conformance: --systems needs a comma-separated list without empty names, got "flexi,"'],
      [['--deployments', ''], 'conformance: --deployments needs a comma-separated list without empty names, got ""'],
      [['--tags', '@flexi and'], /^conformance: --tags "@flexi and" is not a tag expression: .*syntax error/],
      [['--tags', '(@flexi'], /^conformance: --tags "\(@flexi" is not a tag expression: /],
      [['--tags', ' '], 'conformance: --tags is empty'],
      [['--profile', 'remote'], 'conformance: --profile must be one of default, loopback, live, got "remote"'],
      [['--fail-on-change'], 'conformance: --fail-on-change needs --baseline <compliance.json> to compare with'],
      [['--shard', '0/3'], 'conformance: --shard must be i/n with i from 1 to n, got "0/3"'],
      [['--shard', '4/3'], 'conformance: --shard must be i/n with i from 1 to n, got "4/3"'],
      [['--shard', 'half'], 'conformance: --shard must be i/n with i from 1 to n, got "half"'],
      [['--name', '(sign'], /^conformance: --name "\(sign" is not a regular expression: /],
      [['--format', ':out.txt'], 'conformance: --format must be <formatter>[:<path>], got ":out.txt"'],
      [['--targets', ''], 'conformance: --targets is empty'],
      [['--reports', ''], 'conformance: --reports is empty'],
    ];
    for (const [argv, expected] of cases) {
      it(argv.join(' ') || '(empty value)', () => {
        const message = refused(argv);
        assert.equal(message.split('\n').length, 1, message);
        if (typeof expected === 'string') assert.equal(message, expected);
        else assert.match(message, expected);
      });
    }

    it('an empty CONFORMANCE_TARGETS, rather than running the simulators and calling them conformant', () => {
      assert.equal(
        refused([], { CONFORMANCE_TARGETS: '' }),
        'conformance: CONFORMANCE_TARGETS is set but empty: name a targets file, or unset it to run the simulators',
      );
      assert.equal(run(['--targets', 't.json'], { CONFORMANCE_TARGETS: '' }).targets, 't.json');
    });

    it('every problem of a command line at once, a line each', () => {
      const message = refused(['--concurrency', '100', '--profile', 'x', '--retry', 'many']);
      assert.deepEqual(message.split('\n'), [
        'conformance: --profile must be one of default, loopback, live, got "x"',
        'conformance: --concurrency must be an integer from 1 to 64, got "100"',
        'conformance: --retry must be an integer from 0 to 10, got "many"',
      ]);
    });
  });
});
