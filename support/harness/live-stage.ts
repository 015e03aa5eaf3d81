import { setTimeout as sleep } from 'node:timers/promises';
import { HeadlessChromium, type SignInBrowser } from '../browser/browser.ts';
import { liveDispatcher } from '../http/dispatcher.ts';
import { HarnessError } from '../http/errors.ts';
import { neededEntries } from '../clauses.ts';
import { poolsOf, systems, type ConfigOf } from '../systems/index.ts';
import type { Targets } from '../targets/load.ts';
import { DEFAULT_TIMEOUT_MS, type HarnessParameters } from './parameters.ts';
import type { Stage } from './stage.ts';

// The live stage: the real endpoints a targets file names, and why a scenario cannot run against them.

/** `given`: a browser of the caller's, which the stage signs in with and leaves open. */
export async function liveStage(targets: Targets, parameters: HarnessParameters, env: NodeJS.ProcessEnv, given?: SignInBrowser): Promise<Stage> {
  const { path } = targets;
  const dispatcher = await liveDispatcher(targets.tls);
  // The stage's own is launched at the first sign-in that needs it, if any, and closed with the stage.
  const own = given ? undefined : new HeadlessChromium({ env, insecure: targets.tls?.insecure ?? false });
  const slow = parameters.slow ?? env.CONFORMANCE_SLOW === '1';
  return {
    mode: 'live',
    sharedTargets: true,
    timeoutMs: targets.timeoutMs ?? parameters.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    dispatcher,
    browser: given ?? own,
    baseUrls: Object.fromEntries(Object.entries(targets.systems).map(([k, t]) => [k, t.baseUrl])),
    pools: (key) => poolsOf(key, targets.systems[key]),
    skipReason(system, tags) {
      const target = targets.systems[system];
      if (!target) return { kind: 'out-of-scope', reason: `${systems[system].title} is not named in the targets file` };
      if (tags.includes('@simulator'))
        return {
          kind: 'simulator-only',
          reason: "needs the simulator's controls (server-side state, clock or forced answers); runs only against the built-in simulators",
        };
      if (tags.includes('@slow') && !slow) return { kind: 'slow', reason: 'really waits on a live target (@slow); set CONFORMANCE_SLOW=1 to include it' };
      const provides = (systems[system] as { provides?: (config: unknown, entry: string) => boolean }).provides;
      const missing = neededEntries(tags.map((name) => ({ name }))).filter((entry) => target[entry] === undefined && !provides?.(target, entry));
      if (missing.length) return { kind: 'targets-entry', reason: `needs ${missing.map((e) => `systems.${system}.${e}`).join(' and ')} in the targets file` };
      const own = (systems[system] as { notVerifiedLive?: (config: unknown, tags: readonly string[]) => string | undefined }).notVerifiedLive?.(target, tags);
      return own ? { kind: 'targets-entry', reason: own } : undefined;
    },
    connect(key) {
      const config = targets.systems[key];
      if (!config) throw new HarnessError(`${key} is not named in the targets file ${path}`);
      return { config: config as unknown as ConfigOf<typeof key> };
    },
    elapse: (ms) => sleep(ms),
    close: async () => void (await Promise.all([dispatcher.close(), own?.close()])),
  };
}
