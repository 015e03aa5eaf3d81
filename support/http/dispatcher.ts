import { readFile } from 'node:fs/promises';
import { getCACertificates } from 'node:tls';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { HarnessError } from './errors.ts';

export interface TlsOptions {
  /** A PEM file of a CA to trust besides the default ones. */
  readonly ca?: string;
  /** Accept any certificate: for test deployments only. */
  readonly insecure?: boolean;
}

/**
 * The dispatcher for real targets: HTTP(S)_PROXY and NO_PROXY from the environment,
 * the default CAs (NODE_EXTRA_CA_CERTS included) plus the targets file's own, and an
 * explicit, loudly announced switch that turns certificate checks off.
 */
export async function liveDispatcher(tls: TlsOptions = {}, warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<Dispatcher> {
  let ca: string[] | undefined;
  if (tls.ca) {
    try {
      ca = [...getCACertificates('default'), await readFile(tls.ca, 'utf8')];
    } catch (err) {
      throw new HarnessError(`tls.ca ${tls.ca}: ${(err as Error).message}`);
    }
  }
  if (tls.insecure) warn('WARNING: tls.insecure is on: server certificates are NOT checked. Use it only against a test deployment.');
  const connect = { ...(ca ? { ca } : {}), ...(tls.insecure ? { rejectUnauthorized: false } : {}) };
  return new EnvHttpProxyAgent({ connect, requestTls: connect });
}
