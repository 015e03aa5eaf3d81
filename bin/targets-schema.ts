// npm run targets-schema: writes targets/targets.schema.json from each system's entry schema.
import { writeFile } from 'node:fs/promises';
import { targetsSchema } from '../support/targets/schema.ts';

await writeFile('targets/targets.schema.json', `${JSON.stringify(targetsSchema(), null, 2)}\n`);
process.stdout.write('wrote targets/targets.schema.json\n');
