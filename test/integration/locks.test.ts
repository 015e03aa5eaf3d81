import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { it } from 'node:test';
import { takeTargets } from '../../support/run/locks.ts';
import type { Targets } from '../../support/targets/load.ts';
import { tempDir } from '../support/temp.ts';

const flexi = (admin: string, ...users: string[]): Targets =>
  ({
    path: 'targets.json',
    systems: {
      flexi: {
        baseUrl: 'https://flexi.example.test',
        company: 'demo',
        admin: { username: admin, password: 'x' },
        user: { username: users[0] as string, password: 'x' },
        otherUser: { username: users[1] as string, password: 'x' },
        moreUsers: users.slice(2).map((username) => ({ username, password: 'x' })),
      },
    },
  }) as unknown as Targets;

/** Another process holding the locks of these targets until it is killed. */
async function heldElsewhere(targets: Targets, folder: string) {
  const script = `import { takeTargets } from ${JSON.stringify(new URL('../../support/run/locks.ts', import.meta.url).href)};
await takeTargets([${JSON.stringify(targets)}], ${JSON.stringify(folder)});
process.stdout.write('held\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  assert.equal(String(chunk), 'held\n');
  return async () => {
    child.kill();
    await once(child, 'exit');
  };
}

it('keeps apart runs that share any test user of a deployment, however their other users differ', async () => {
  const folder = await tempDir('locks-');
  const release = await heldElsewhere(flexi('admin', 'franta', 'pepa', 'karel'), folder);
  try {
    // Another list of users, with pepa among them (in another case), and the same administrator.
    await assert.rejects(takeTargets([flexi('admin', 'jarmila', 'PEPA')], folder), (err: Error) => {
      assert.match(err.message, /^another run \(process \d+\) is checking ABRA Flexi at https:\/\/flexi\.example\.test with admin, pepa: /);
      return true;
    });
    // No user in common (another administrator too): free to run.
    const release2 = await takeTargets([flexi('admin2', 'jarmila', 'bohous')], folder);
    await release2();
  } finally {
    await release();
  }
});

it('keeps apart runs on one Acumatica instance whatever their users: they share its licence seats', async () => {
  const folder = await tempDir('locks-');
  const acumatica = (username: string) =>
    ({ path: 't.json', systems: { acumatica: { baseUrl: 'https://erp.example.test/I', username, password: 'x' } } }) as unknown as Targets;
  const release = await heldElsewhere(acumatica('api-1'), folder);
  try {
    await assert.rejects(
      takeTargets([acumatica('api-2')], folder),
      /is checking MYOB Acumatica at https:\/\/erp\.example\.test\/I with the deployment's seats: /,
    );
  } finally {
    await release();
  }
});
