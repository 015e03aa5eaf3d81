import { spawnSync } from 'node:child_process';
import { chromiumPath } from '../../support/browser/chromium.ts';

/** A program some tests need that npm cannot install. */
export interface Prerequisite {
  readonly name: string;
  readonly command: string;
  /** Arguments that make the program answer and exit at once. */
  readonly probe: readonly string[];
  /** The Debian package that provides it. */
  readonly debian: string;
  /** Where the program is, when not simply `command` on PATH (undefined: not there). */
  readonly find?: (env: NodeJS.ProcessEnv) => string | undefined;
}

/** The Chromium a run signs in with, as the harness finds it (its headless shell where installed, else the full browser). */
export const CHROMIUM: Prerequisite = {
  name: 'Chromium',
  command: 'chromium-headless-shell',
  probe: ['--version'],
  debian: 'chromium-headless-shell',
  find: chromiumPath,
};
/** The full browser, which a machine without the headless shell signs in with (browser.test.ts shows it does). */
export const FULL_CHROMIUM: Prerequisite = { name: 'Chromium (the full browser)', command: 'chromium', probe: ['--version'], debian: 'chromium' };
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
  const answers = ({ command, probe, find }: Prerequisite) => {
    const path = find ? find(env) : command;
    return path !== undefined && spawnSync(path, probe, { stdio: 'ignore', env, timeout: 30_000 }).status === 0;
  };
  const missing = prerequisites.filter((p) => !answers(p));
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
