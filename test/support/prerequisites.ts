import { spawnSync } from 'node:child_process';

/** A program some tests need that npm cannot install. */
export interface Prerequisite {
  readonly name: string;
  readonly command: string;
  /** Arguments that make the program answer and exit at once. */
  readonly probe: readonly string[];
  /** The Debian package that provides it. */
  readonly debian: string;
}

export const CHROMIUM: Prerequisite = { name: 'Chromium', command: 'chromium', probe: ['--version'], debian: 'chromium' };
export const JAVA: Prerequisite = { name: 'Java (for the Allure command line)', command: 'java', probe: ['-version'], debian: 'default-jre-headless' };
export const OPENSSL: Prerequisite = { name: 'openssl', command: 'openssl', probe: ['version'], debian: 'openssl' };

export interface Needs {
  /** For `it(name, { skip })`: one line naming what is missing and how to install it, or false. */
  readonly skip: string | false;
  /** Throws that same line when something is missing; the first call of a test that runs regardless. */
  check(): void;
}

/**
 * What a test needs beyond npm. A fresh machine skips such a test with the reason;
 * CONFORMANCE_REQUIRE_PREREQUISITES=1 (CI sets it) runs it, so a missing program
 * fails it instead of hiding it.
 */
export function needs(prerequisites: readonly Prerequisite[], env: NodeJS.ProcessEnv = process.env): Needs {
  const missing = prerequisites.filter((p) => spawnSync(p.command, p.probe, { stdio: 'ignore', env, timeout: 30_000 }).status !== 0);
  const line = missing.length
    ? `needs ${missing.map((p) => p.name).join(', ')}, not found on PATH: install with apt-get install ${missing.map((p) => p.debian).join(' ')}`
    : undefined;
  const strict = env.CONFORMANCE_REQUIRE_PREREQUISITES === '1';
  return {
    skip: line && !strict ? line : false,
    check() {
      if (line) throw new Error(`${line} (CONFORMANCE_REQUIRE_PREREQUISITES=1)`);
    },
  };
}
