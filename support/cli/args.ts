import { createRequire } from 'node:module';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };
import { isSystemKey, systemKeys, type SystemKey } from '../systems/index.ts';
import { DEFAULT_CONCURRENCY, isPickleOrder, type PickleOrder } from '../harness/parameters.ts';
import { EXIT, EXIT_MEANINGS } from '../report/exit-codes.ts';

/** The profiles of cucumber.cjs: where the systems run. */
export const PROFILES = ['default', 'loopback', 'live'] as const;
export type Profile = (typeof PROFILES)[number];

/** A run as the command line asks for it, every value checked. */
export interface RunCommand {
  /** The targets file (--targets or $CONFORMANCE_TARGETS); none: the built-in simulators. */
  readonly targets?: string;
  readonly systems?: readonly SystemKey[];
  readonly tags?: string;
  readonly reports: string;
  readonly profile?: Profile;
  readonly concurrency?: number;
  readonly slow: boolean;
  readonly baseline?: string;
  readonly failOnChange: boolean;
  readonly deployments?: readonly string[];
  /** cucumber's `INDEX/TOTAL`, the index from 1. */
  readonly shard?: string;
  readonly verbose: boolean;
  /** Passed to cucumber as they are. */
  readonly cucumber: {
    readonly names: readonly string[];
    readonly retry?: number;
    readonly formats: readonly string[];
    readonly dryRun: boolean;
    readonly order?: PickleOrder;
  };
}

/** `site`: the living-documentation site built again from a run's reports folder. */
export interface SiteCommand {
  readonly reports: string;
  readonly baseline?: string;
  readonly history?: string;
}

export type CommandLine =
  | { readonly kind: 'run'; readonly options: RunCommand }
  | { readonly kind: 'site'; readonly options: SiteCommand }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version'; readonly text: string }
  | { readonly kind: 'error'; readonly message: string; readonly usage: string };

const COMMAND = 'logout-conformance';
const MAX_CONCURRENCY = 64;
const MAX_RETRY = 10;

const OPTIONS = {
  targets: { type: 'string' },
  systems: { type: 'string' },
  tags: { type: 'string', multiple: true },
  reports: { type: 'string' },
  profile: { type: 'string' },
  concurrency: { type: 'string' },
  slow: { type: 'boolean' },
  baseline: { type: 'string' },
  'fail-on-change': { type: 'boolean' },
  deployments: { type: 'string' },
  shard: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  name: { type: 'string', multiple: true },
  retry: { type: 'string' },
  format: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  order: { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

export const USAGE = `Usage: ${COMMAND} [options]
       npm run conformance -- [options]
       ${COMMAND} site [--reports <dir>] [--baseline <file>] [--history <dir>]

Checks, clause by clause, whether each system logs users out the way its vendor
documents it: against the built-in simulators, or the deployments a targets file names.

Options:
  --targets <file>        targets file (else $CONFORMANCE_TARGETS); none: the simulators
  --systems <a,b>         only these systems: ${systemKeys.join(', ')}
  --tags <expression>     a cucumber tag expression narrowing the run; repeated: all must hold
  --reports <dir>         where reports go (else $CONFORMANCE_REPORTS, else reports)
  --profile <name>        where the systems run: ${PROFILES.join(', ')}
  --concurrency <n>       scenarios run at once as far as the systems allow, 1 to ${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY}; 1: one by one)
  --slow                  include @slow scenarios, which really wait (else $CONFORMANCE_SLOW=1)
  --baseline <file>       a compliance.json of an earlier run to compare with
  --fail-on-change        exit ${EXIT.changed} when behaviour changed against --baseline, ${EXIT.notVerified} when only coverage was lost
  --deployments <a,b>     only these deployments of the targets file
  --shard <i/n>           run shard i of n (i from 1), to split a run across CI jobs
  --verbose               stack traces and cucumber's detail with every error
  -h, --help              this text
  --version               the harness's version

The site command writes <dir>/site/ (every run writes it too) from <dir>'s reports:
--baseline adds the changes page, --history a folder of earlier compliance.json files.

Passed to cucumber:
  --name <regexp>         only scenarios whose name matches; repeatable
  --retry <n>             retry a failing scenario up to n times, 0 to ${MAX_RETRY}
  --format <fmt[:path]>   an extra cucumber formatter; repeatable (in a fleet, one file per deployment: out.<name>.json)
  --dry-run               match the steps, run nothing
  --order <order>         defined (the default), reverse, random or random:<seed>: the order scenarios are offered in

Exit codes:
${EXIT_MEANINGS.map(([code, meaning]) => `  ${code.padEnd(8)}${meaning}`).join('\n')}
`;

interface TagExpressions {
  default(expression: string): unknown;
}
// cucumber's own tag-expression parser, taken from where cucumber resolves it, so a
// malformed expression is refused here in one line rather than deep in the run.
const parseTagExpression = (createRequire(createRequire(import.meta.url).resolve('@cucumber/cucumber'))('@cucumber/tag-expressions') as TagExpressions).default;

/** Reads a command line (without `node` and the script); never throws, never exits. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CommandLine {
  const error = (lines: readonly string[]): CommandLine => ({ kind: 'error', message: lines.map((l) => `conformance: ${l}`).join('\n'), usage: USAGE });
  if (argv[0] === 'site') return parseSite(argv.slice(1), env, error);
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    // Node's message on one line, without its advice on positional arguments: this command takes none.
    const message = (err as Error).message.replace(/\s*\n\s*/g, ' ').replace(/\. (To specify a positional|This command does not take).*$/, '');
    // Cucumber's own option for running side by side: this runner's is --concurrency, in one process.
    return error([/'--parallel'/.test(message) ? `${message}: scenarios run side by side with --concurrency <n> (default ${DEFAULT_CONCURRENCY})` : message]);
  }
  if (values.help) return { kind: 'help', text: USAGE };
  if (values.version) return { kind: 'version', text: `${COMMAND} ${pkg.version} (Node ${process.versions.node})\n` };

  const problems: string[] = [];
  const nonEmpty = (option: string, value: string | undefined): string | undefined => {
    if (value !== undefined && value.trim() === '') problems.push(`${option} is empty`);
    return value?.trim() || undefined;
  };
  const integer = (option: string, value: string | undefined, min: number, max: number): number | undefined => {
    if (value === undefined) return undefined;
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    problems.push(`${option} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return undefined;
  };
  const list = (option: string, value: string | undefined): string[] | undefined => {
    if (value === undefined) return undefined;
    const items = value.split(',').map((s) => s.trim());
    if (items.some((s) => s === '')) problems.push(`${option} needs a comma-separated list without empty names, got ${JSON.stringify(value)}`);
    return items.filter((s) => s !== '');
  };

  if (env.CONFORMANCE_TARGETS !== undefined && env.CONFORMANCE_TARGETS.trim() === '' && values.targets === undefined) {
    problems.push('CONFORMANCE_TARGETS is set but empty: name a targets file, or unset it to run the simulators');
  }
  const targets = nonEmpty('--targets', values.targets) ?? (env.CONFORMANCE_TARGETS?.trim() || undefined);

  const systemNames = list('--systems', values.systems);
  for (const name of systemNames ?? [])
    if (!isSystemKey(name)) problems.push(`--systems: no system ${JSON.stringify(name)}; the systems are ${systemKeys.join(', ')}`);
  const systems = systemNames?.filter(isSystemKey);

  const tagList = (values.tags ?? []).map((t) => nonEmpty('--tags', t)).filter((t) => t !== undefined);
  for (const expression of tagList) {
    try {
      parseTagExpression(expression);
    } catch (err) {
      problems.push(`--tags ${JSON.stringify(expression)} is not a tag expression: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const tags = tagList.length > 1 ? tagList.map((t) => `(${t})`).join(' and ') : tagList[0];

  const reports = nonEmpty('--reports', values.reports) ?? (env.CONFORMANCE_REPORTS?.trim() || 'reports');

  const profile = values.profile;
  if (profile !== undefined && !(PROFILES as readonly string[]).includes(profile))
    problems.push(`--profile must be one of ${PROFILES.join(', ')}, got ${JSON.stringify(profile)}`);

  const concurrency = integer('--concurrency', values.concurrency, 1, MAX_CONCURRENCY);
  const retry = integer('--retry', values.retry, 0, MAX_RETRY);

  const baseline = nonEmpty('--baseline', values.baseline);
  if (values['fail-on-change'] && !baseline) problems.push('--fail-on-change needs --baseline <compliance.json> to compare with');

  const deployments = list('--deployments', values.deployments);

  const shard = values.shard;
  if (shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) problems.push(`--shard must be i/n with i from 1 to n, got ${JSON.stringify(shard)}`);
  }

  const names = values.name ?? [];
  for (const name of names) {
    try {
      new RegExp(name);
    } catch (err) {
      problems.push(`--name ${JSON.stringify(name)} is not a regular expression: ${(err as Error).message}`);
    }
  }
  const formats = values.format ?? [];
  for (const format of formats)
    if (format.trim() === '' || format.startsWith(':')) problems.push(`--format must be <formatter>[:<path>], got ${JSON.stringify(format)}`);

  const order = values.order === undefined || isPickleOrder(values.order) ? values.order : undefined;
  if (values.order !== undefined && order === undefined)
    problems.push(`--order must be defined, reverse, random or random:<seed>, got ${JSON.stringify(values.order)}`);

  if (problems.length) return error(problems);
  return {
    kind: 'run',
    options: {
      ...(targets ? { targets } : {}),
      ...(systems ? { systems } : {}),
      ...(tags ? { tags } : {}),
      reports,
      ...(profile ? { profile: profile as Profile } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      slow: values.slow ?? env.CONFORMANCE_SLOW === '1',
      ...(baseline ? { baseline } : {}),
      failOnChange: values['fail-on-change'] ?? false,
      ...(deployments ? { deployments } : {}),
      ...(shard ? { shard } : {}),
      verbose: values.verbose ?? false,
      cucumber: { names, ...(retry !== undefined ? { retry } : {}), formats, dryRun: values['dry-run'] ?? false, ...(order ? { order } : {}) },
    },
  };
}

const SITE_OPTIONS = {
  reports: { type: 'string' },
  baseline: { type: 'string' },
  history: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;

function parseSite(argv: readonly string[], env: NodeJS.ProcessEnv, error: (lines: readonly string[]) => CommandLine): CommandLine {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: SITE_OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    return error([`site: ${(err as Error).message.replace(/\s*\n\s*/g, ' ').replace(/\. (To specify a positional|This command does not take).*$/, '')}`]);
  }
  if (values.help) return { kind: 'help', text: USAGE };
  const empty = (['reports', 'baseline', 'history'] as const).filter((k) => values[k] !== undefined && values[k].trim() === '');
  if (empty.length) return error(empty.map((k) => `site: --${k} is empty`));
  const reports = values.reports?.trim() || env.CONFORMANCE_REPORTS?.trim() || 'reports';
  return {
    kind: 'site',
    options: { reports, ...(values.baseline ? { baseline: values.baseline.trim() } : {}), ...(values.history ? { history: values.history.trim() } : {}) },
  };
}
