import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A certificate authority of the tests' own in `dir`, made with openssl for this run
 * (needs OPENSSL from ./prerequisites.ts), and the certificates it signs.
 */
export async function testAuthority(dir: string) {
  const openssl = async (...args: string[]): Promise<void> => void (await run('openssl', args, { cwd: dir }));
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=conformance test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    openssl,
    /** A key and a certificate for `subject` with one X.509 extension line (a SAN, a key usage), signed by the CA. */
    async sign(name: string, subject: string, extension: string): Promise<{ key: string; cert: string }> {
      await writeFile(join(dir, `${name}.ext`), `${extension}\n`);
      await openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`);
      await openssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.pem`,
      );
      return { key: join(dir, `${name}.key`), cert: join(dir, `${name}.pem`) };
    },
  };
}
