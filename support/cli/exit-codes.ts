/**
 * What a run's exit code says, for CI jobs to act on. Stable: a pipeline branches on
 * these numbers, so a meaning never moves to another code. "The vendor broke a rule",
 * "we could not tell" and "we did not look" never share one.
 */
export const EXIT = {
  conformant: 0,
  nonconformance: 1,
  harness: 2,
  broken: 3,
  notVerified: 4,
  changed: 5,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One line per code, as `--help` and the README give them. */
export const EXIT_MEANINGS: readonly (readonly [code: string, meaning: string])[] = [
  [`${EXIT.conformant}`, 'every system in scope conformant'],
  [`${EXIT.nonconformance}`, 'a nonconformance: some target broke a documented rule'],
  [`${EXIT.harness}`, 'the harness could not run (usage, targets file, harness defect)'],
  [`${EXIT.broken}`, 'broken: a target could not be reached or read; nothing shown to break a rule'],
  [`${EXIT.notVerified}`, 'not verified: nothing failed or broke, but some MUST clause in scope was not checked'],
  [`${EXIT.changed}`, 'behaviour changed against --baseline (only with --fail-on-change)'],
  [`${EXIT.interrupted}/${EXIT.terminated}`, 'interrupted (SIGINT/SIGTERM), after closing what the run opened'],
];
