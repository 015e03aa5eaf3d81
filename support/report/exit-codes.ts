import type { Compliance } from './compliance.ts';

// Exit codes: the numbers a pipeline branches on, what each means, and how a run's
// verdicts, a fleet's deployments and a baseline comparison turn into one.

/**
 * The run's exit code: "the vendor broke a rule", "we could not tell" and "we did
 * not look" never share one. See `EXIT` for the numbers.
 */
export const EXIT = {
  conformant: 0,
  nonconformant: 1,
  couldNotRun: 2,
  broken: 3,
  notVerified: 4,
  changed: 5,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeOf(compliance: Compliance): ExitCode {
  const verdicts = compliance.systems.map((s) => s.verdict);
  if (verdicts.includes('nonconformant')) return EXIT.nonconformant;
  if (compliance.harnessFaults.length > 0) return EXIT.couldNotRun;
  if (verdicts.every((v) => v === 'out-of-scope')) return EXIT.couldNotRun;
  if (verdicts.includes('broken')) return EXIT.broken;
  if (verdicts.includes('not-verified')) return EXIT.notVerified;
  return EXIT.conformant;
}

/** What each exit code means, in the words the README and `--help` use. */
export const EXIT_MEANING: Readonly<Record<ExitCode, string>> = {
  [EXIT.conformant]: 'every system in scope is conformant',
  [EXIT.nonconformant]: 'a nonconformance: a target broke a documented rule',
  [EXIT.couldNotRun]: 'the harness could not run (usage, targets file, harness defect, nothing selected)',
  [EXIT.broken]: 'broken: a target could not be reached or read; nothing was shown to break a rule',
  [EXIT.notVerified]: 'not verified: nothing failed or broke, but some MUST clause in scope was not checked',
  [EXIT.changed]: 'behaviour changed against the baseline',
  [EXIT.interrupted]: 'interrupted (SIGINT)',
  [EXIT.terminated]: 'terminated (SIGTERM)',
};

/** One line per code, as `--help` and the README give them. */
export const EXIT_MEANINGS: readonly (readonly [code: string, meaning: string])[] = [
  ...([EXIT.conformant, EXIT.nonconformant, EXIT.couldNotRun, EXIT.broken, EXIT.notVerified, EXIT.changed] as const).map(
    (code) => [`${code}`, EXIT_MEANING[code]] as const,
  ),
  [`${EXIT.interrupted}/${EXIT.terminated}`, 'interrupted (SIGINT/SIGTERM), after closing what the run opened'],
];

// Worst first: a nonconformance anywhere outranks that another deployment could not be read.
const SEVERITY: readonly ExitCode[] = [EXIT.nonconformant, EXIT.couldNotRun, EXIT.broken, EXIT.notVerified, EXIT.conformant];

/** The worst of several exit codes, as a fleet's: a pipeline stops on what matters most anywhere in it. */
export const worstOf = (codes: readonly ExitCode[]): ExitCode =>
  codes.length === 0 ? EXIT.couldNotRun : (SEVERITY.find((c) => codes.includes(c)) ?? EXIT.couldNotRun);

/** The verdicts' exit code, over every deployment of a fleet. */
export const reportExitCode = (report: Compliance | { readonly deployments: readonly { readonly exitCode: ExitCode }[] }): ExitCode =>
  'deployments' in report ? worstOf(report.deployments.map((d) => d.exitCode)) : exitCodeOf(report);

/**
 * The exit code with the baseline taken into account: with `--fail-on-change`, a
 * behaviour change turns "conformant" and "not verified" into `EXIT.changed` — a live
 * run is mostly not verified, and a pipeline that lets that pass must still stop on
 * drift; coverage lost with no behaviour change (a clause verified then, not now) turns
 * "conformant" into `EXIT.notVerified`. Anything worse keeps its own code.
 */
export function finalExitCode(
  verdicts: ExitCode,
  comparison: { readonly changed: boolean; readonly behaviourChanged?: boolean; readonly coverageLost?: readonly string[] } | undefined,
  failOnChange: boolean,
): ExitCode {
  if (!failOnChange || !comparison?.changed) return verdicts;
  if (verdicts !== EXIT.conformant && verdicts !== EXIT.notVerified) return verdicts;
  // A comparison of an older version says only that something changed: taken as behaviour.
  if (comparison.behaviourChanged ?? true) return EXIT.changed;
  return comparison.coverageLost?.length ? EXIT.notVerified : verdicts;
}
