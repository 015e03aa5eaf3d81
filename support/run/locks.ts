import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountNamesIn } from '../systems/accounts.ts';
import { accountPoolsOf, poolsOf, systems, type SystemKey } from '../systems/index.ts';
import type { Targets } from '../targets/load.ts';

/**
 * A file only one process holds: created exclusively, naming its process; a file
 * whose process is gone is taken over. Answers the release, or the holder's pid.
 */
async function take(file: string): Promise<{ release: () => Promise<void> } | { holder: number }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(await readFile(file, 'utf8').catch(() => ''));
      if (holder && holder !== process.pid && alive(holder)) return { holder };
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not take ${file}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A reports folder belongs to one run at a time: two runs writing into one would mix their results. */
export async function takeReportsFolder(reports: string): Promise<() => Promise<void>> {
  await mkdir(reports, { recursive: true });
  const taken = await take(join(reports, '.run.lock'));
  if ('holder' in taken)
    throw new Error(`the reports folder ${reports} is in use by another run (process ${taken.holder}); give this run its own with --reports`);
  return taken.release;
}

/**
 * One run at a time per test user of a deployment, on this machine: the targets'
 * logouts end sessions other runs hold (a Flexi logout ends every session of its
 * user, a Mobile Services v2 logout revokes every refresh token), so two pipelines
 * sharing a test user would report each other's doing as nonconformances. Each user
 * is locked on its own, so runs sharing any one of them are kept apart, whatever
 * other users each names; so is what all users of a deployment share (an Acumatica
 * licence's seats). A lease on the target itself is not possible; the locks
 * live in the system's temp folder.
 */
export async function takeTargets(deployments: readonly Targets[], folder = join(tmpdir(), 'logout-conformance-locks')): Promise<() => Promise<void>> {
  await mkdir(folder, { recursive: true });
  const releases: (() => Promise<void>)[] = [];
  const releaseAll = async () => void (await Promise.all(releases.map((r) => r())));
  for (const [key, entry] of deployments.flatMap((targets) => Object.entries(targets.systems) as [SystemKey, { baseUrl: string } | undefined][])) {
    if (!entry) continue;
    const held = new Map<string, number>();
    // And what every user of the deployment shares, such as a licence's seats (a counted pool that is not of accounts).
    const shared = Object.keys(poolsOf(key, entry))
      .filter((pool) => !accountPoolsOf(key).includes(pool))
      .map((pool) => `the deployment's ${pool}s`);
    const users = [...new Set(accountNamesIn(entry).map((a) => a.user))].sort();
    for (const user of [...users, ...shared]) {
      const id = createHash('sha256')
        .update(JSON.stringify([key, entry.baseUrl, user]))
        .digest('hex')
        .slice(0, 24);
      const taken = await take(join(folder, `${id}.lock`));
      if ('holder' in taken) held.set(user, taken.holder);
      else releases.push(taken.release);
    }
    if (held.size) {
      await releaseAll();
      throw new Error(
        `another run (process ${[...new Set(held.values())].join(', ')}) is checking ${systems[key].title} at ${entry.baseUrl} with ${[...held.keys()].join(', ')}: the two would end each other's sessions or take each other's seats (a Flexi logout ends every session of its user), and each report the other's doing; wait for it, or give this run test users of its own`,
      );
    }
  }
  return releaseAll;
}
