import type { FormatterPlugin } from '@cucumber/cucumber/api';
import { TestStepResultStatus, type Envelope } from '@cucumber/messages';

// Worst first, as cucumber ranks a scenario's steps.
const RANK: readonly TestStepResultStatus[] = [
  TestStepResultStatus.FAILED,
  TestStepResultStatus.AMBIGUOUS,
  TestStepResultStatus.UNDEFINED,
  TestStepResultStatus.PENDING,
  TestStepResultStatus.SKIPPED,
  TestStepResultStatus.PASSED,
];
const MARK: Partial<Record<TestStepResultStatus, string>> = {
  [TestStepResultStatus.PASSED]: '.',
  [TestStepResultStatus.SKIPPED]: '-',
  [TestStepResultStatus.FAILED]: 'F',
};

/**
 * The console's progress while a run goes: one mark per scenario, on one line. What
 * each scenario showed comes after, in the run's summary, one line per problem;
 * cucumber's own progress printer (with every failure's stack and evidence) is
 * for --verbose.
 */
export default {
  type: 'formatter',
  formatter({ on, write }) {
    const worst = new Map<string, TestStepResultStatus>();
    on('message', (envelope: Envelope) => {
      const step = envelope.testStepFinished;
      if (step) {
        const seen = worst.get(step.testCaseStartedId);
        if (seen === undefined || RANK.indexOf(step.testStepResult.status) < RANK.indexOf(seen)) worst.set(step.testCaseStartedId, step.testStepResult.status);
      }
      const finished = envelope.testCaseFinished;
      if (finished && !finished.willBeRetried) {
        write(MARK[worst.get(finished.testCaseStartedId) ?? TestStepResultStatus.PASSED] ?? '?');
        worst.delete(finished.testCaseStartedId);
      }
      if (envelope.testRunFinished) write('\n');
    });
  },
} satisfies FormatterPlugin;
