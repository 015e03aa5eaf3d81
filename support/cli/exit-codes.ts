import { EXIT } from '../report/compliance.ts';
import { EXIT_MEANING } from '../report/summary.ts';

export { EXIT };

/**
 * One line per code, as `--help` and the README give them. The codes and their
 * meanings are the verdict model's (support/report): stable, since a pipeline
 * branches on them, and "the vendor broke a rule", "we could not tell" and "we did
 * not look" never share one.
 */
export const EXIT_MEANINGS: readonly (readonly [code: string, meaning: string])[] = [
  ...([EXIT.conformant, EXIT.nonconformant, EXIT.couldNotRun, EXIT.broken, EXIT.notVerified, EXIT.changed] as const).map(
    (code) => [`${code}`, EXIT_MEANING[code]] as const,
  ),
  [`${EXIT.interrupted}/${EXIT.terminated}`, 'interrupted (SIGINT/SIGTERM), after closing what the run opened'],
];
