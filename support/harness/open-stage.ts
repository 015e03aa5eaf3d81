import type { SignInBrowser } from '../browser/browser.ts';
import { loadTargets, type Targets } from '../targets/load.ts';
import { HarnessError } from '../http/errors.ts';
import { liveStage } from './live-stage.ts';
import type { HarnessParameters } from './parameters.ts';
import { simulatorStage } from './simulated-stage.ts';
import type { Stage } from './stage.ts';

// Picks the stage a run's parameters (or its targets) ask for.

/** Opens where the systems run; a live stage takes targets already loaded, or loads the file the parameters name, and signs in with `browser` when given. */
export async function openStage(
  parameters: HarnessParameters,
  env: NodeJS.ProcessEnv = process.env,
  loaded?: Targets,
  browser?: SignInBrowser,
): Promise<Stage> {
  const targets = loaded?.path ?? parameters.targets ?? env.CONFORMANCE_TARGETS;
  const mode = parameters.mode ?? (targets ? 'live' : 'simulated');
  if (mode === 'live') {
    if (!targets) throw new HarnessError('a live run needs a targets file: CONFORMANCE_TARGETS=path/to/targets.json');
    return liveStage(loaded ?? (await loadTargets(targets, env)), parameters, env, browser);
  }
  if (targets) throw new HarnessError(`CONFORMANCE_TARGETS names real targets, but this profile runs the ${mode} simulators; use the default or live profile`);
  return simulatorStage(mode, parameters);
}
