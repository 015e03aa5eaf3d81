import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';

export declare class PlainFileWriter extends FileSystemWriter {
  /** `deployment`: the fleet deployment every result belongs to. */
  constructor(config: { resultsDir: string; deployment?: string });
  /** Resolves when every file handed over so far is on disk; rejects, once, if any could not be written. */
  settled(): Promise<void>;
}
