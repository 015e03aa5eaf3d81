/** Where the machine's Chromium is, and what to install when it or puppeteer-core is missing. */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The programs a Chromium may be installed as, first found on PATH wins: Chromium's
 * headless shell first (the browser without its window machinery, built for automation:
 * a sign-in there costs about a third less CPU, its launch half, and it keeps one
 * renderer process where the full browser starts several), then the full browser.
 */
const COMMANDS = ['chromium-headless-shell', 'chrome-headless-shell', 'chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Where `command` is on PATH: the first folder holding it executable; undefined when none does. */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, command))
    .find(executable);
}

/** The Chromium to drive: `CONFORMANCE_CHROMIUM` when set, else the first of COMMANDS on PATH; undefined when none is. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CONFORMANCE_CHROMIUM) return executable(env.CONFORMANCE_CHROMIUM) ? env.CONFORMANCE_CHROMIUM : undefined;
  for (const command of COMMANDS) {
    const path = onPath(command, env);
    if (path) return path;
  }
  return undefined;
}

/** Whether the program is Chromium's headless shell (puppeteer launches it with `headless: 'shell'`), by its file name. */
export const isHeadlessShell = (path: string): boolean => /headless[-_]shell[^/\\]*$/.test(path);

/** Whether puppeteer-core (an optional dependency) is installed beside the harness. */
function puppeteerInstalled(): boolean {
  try {
    import.meta.resolve('puppeteer-core');
    return true;
  } catch {
    return false;
  }
}

/**
 * Why no browser sign-in can run on this machine, in one line naming what to install;
 * undefined when one can. Cheap and synchronous: a run asks it before any scenario.
 */
export function browserMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const missing: string[] = [];
  if (!puppeteerInstalled()) missing.push('puppeteer-core (npm install puppeteer-core, an optional dependency npm ci --omit=optional leaves out)');
  if (chromiumPath(env) === undefined)
    missing.push(
      env.CONFORMANCE_CHROMIUM
        ? `Chromium at CONFORMANCE_CHROMIUM (${env.CONFORMANCE_CHROMIUM} is no executable)`
        : 'Chromium (apt-get install chromium-headless-shell, or chromium; or CONFORMANCE_CHROMIUM=/path/to/chrome)',
    );
  return missing.length ? `a browser sign-in needs ${missing.join(' and ')}` : undefined;
}
