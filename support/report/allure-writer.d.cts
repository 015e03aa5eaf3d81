import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';

export declare class PlainFileWriter extends FileSystemWriter {
  /**
   * `deployment`: the fleet deployment every result belongs to; `verdicts`: the error names of a
   * nonconformance and of a target's error, and the media type of the attachment that says why a
   * scenario was skipped.
   */
  constructor(config: { resultsDir: string; deployment?: string; verdicts: { nonconformance: string; target: string; skipped: string } });
  /** Resolves when every file handed over so far is on disk; rejects, once, if any could not be written. */
  settled(): Promise<void>;
}
