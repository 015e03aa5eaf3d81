import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext, getCACertificates, type ConnectionOptions } from 'node:tls';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { HarnessError } from './errors.ts';
import { redactor } from './redact/index.ts';

export interface TlsOptions {
  /** A PEM file of a CA to trust besides the default ones. */
  readonly ca?: string;
  /** Accept any certificate: for test deployments only. */
  readonly insecure?: boolean;
  /** Client certificate (PEM file) for targets that require mutual TLS; with `key`. */
  readonly cert?: string;
  /** The private key (PEM file) of `cert`. */
  readonly key?: string;
  /** Client certificate and key in one PKCS#12 file, instead of `cert` and `key`. */
  readonly pfx?: string;
  /** Unlocks `key` or `pfx`. A secret: give it as {"env": NAME}. */
  readonly passphrase?: string;
}

/** A TLS setting that cannot be used, naming its field (`tls.ca` …) so the caller can say where it was written. */
export class TlsSettingError extends HarnessError {
  readonly field: string;
  readonly problem: string;
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
    this.problem = problem;
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/**
 * Reads and checks the files the TLS settings name, so that a wrong file is refused
 * before any request, in words, rather than by OpenSSL in the middle of a run.
 */
export async function tlsConnectOptions(tls: TlsOptions): Promise<ConnectionOptions> {
  // Registered here too, not only by the targets loader: a caller may pass settings of its own.
  redactor.register(tls.passphrase);
  if ((tls.cert || tls.key) && tls.pfx) throw new TlsSettingError('tls.pfx', 'give either pfx, or cert and key, not both');
  if (Boolean(tls.cert) !== Boolean(tls.key)) throw new TlsSettingError(tls.cert ? 'tls.key' : 'tls.cert', `needed with ${tls.cert ? 'tls.cert' : 'tls.key'}`);
  const options: ConnectionOptions = {};
  if (tls.ca) options.ca = [...getCACertificates('default'), ...(await certificates('tls.ca', tls.ca))];
  if (tls.cert && tls.key) {
    const cert = await certificates('tls.cert', tls.cert);
    const key = await read('tls.key', tls.key);
    if (!new X509Certificate(cert[0] as string).checkPrivateKey(privateKey(tls.key, key, tls.passphrase)))
      throw new TlsSettingError('tls.key', `${tls.key} is not the key of the certificate in ${tls.cert}`);
    Object.assign(options, { cert, key, passphrase: tls.passphrase });
  }
  if (tls.pfx) {
    const pfx = await read('tls.pfx', tls.pfx);
    try {
      createSecureContext({ pfx, passphrase: tls.passphrase });
    } catch (err) {
      throw new TlsSettingError('tls.pfx', `${tls.pfx} cannot be used: ${pkcs12Problem(err)}`);
    }
    Object.assign(options, { pfx, passphrase: tls.passphrase });
  }
  if (tls.insecure) options.rejectUnauthorized = false;
  return options;
}

/**
 * The dispatcher for real targets: HTTP(S)_PROXY and NO_PROXY from the environment,
 * the default CAs (NODE_EXTRA_CA_CERTS included) plus the targets file's own, a client
 * certificate for mutual TLS, and an explicit, loudly announced switch that turns
 * certificate checks off.
 */
export async function liveDispatcher(tls: TlsOptions = {}, warn: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<Dispatcher> {
  const connect = await tlsConnectOptions(tls);
  if (tls.insecure) warn('WARNING: tls.insecure is on: server certificates are NOT checked. Use it only against a test deployment.');
  // requestTls: the same settings for targets reached through an HTTPS proxy's tunnel.
  return new EnvHttpProxyAgent({ connect, requestTls: connect });
}

async function read(field: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TlsSettingError(
      field,
      `${path}: ${code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : code === 'EACCES' ? 'not readable (permission denied)' : code === 'EISDIR' ? 'is a folder' : (err as Error).message}`,
    );
  }
}

/** Every PEM certificate in the file, each one checked to parse. */
async function certificates(field: string, path: string): Promise<string[]> {
  const found = (await read(field, path)).toString('latin1').match(PEM_CERTIFICATE) ?? [];
  if (found.length === 0) throw new TlsSettingError(field, `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  found.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch {
      throw new TlsSettingError(field, `${path}: certificate ${i + 1} of ${found.length} is not a valid certificate`);
    }
  });
  return found;
}

function privateKey(path: string, pem: Buffer, passphrase: string | undefined): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(passphrase === undefined ? {} : { passphrase }) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const encrypted = pem.includes('ENCRYPTED');
    // Without a passphrase OpenSSL reports an encrypted key as "interrupted or cancelled" (its prompt was refused).
    // A wrong one is mostly "bad decrypt"; about one in 256 decrypts to valid padding and garbage that no decoder
    // takes ("unsupported"): an encrypted key the passphrase does not unlock either way.
    const why =
      code === 'ERR_MISSING_PASSPHRASE' || (passphrase === undefined && encrypted)
        ? 'the key is encrypted and tls.passphrase is not given'
        : encrypted || /bad decrypt/i.test((err as Error).message)
          ? 'wrong tls.passphrase'
          : 'not a PEM private key';
    throw new TlsSettingError('tls.key', `${path} cannot be used: ${why}`);
  }
}

/** OpenSSL's reasons for refusing a PKCS#12 file, in words. */
function pkcs12Problem(err: unknown): string {
  const message = (err as Error).message;
  if (/mac verify failure|invalid password/i.test(message)) return 'wrong or missing tls.passphrase';
  if (/unsupported/i.test(message))
    return 'not a PKCS#12 file, or one made with a legacy algorithm (re-export it with openssl pkcs12 -export, OpenSSL 3 defaults)';
  if (/key values mismatch/i.test(message)) return 'its key is not the key of its certificate';
  if (/not enough data|wrong tag|too long|header too long|asn1/i.test(message)) return 'not a PKCS#12 file';
  return 'not a PKCS#12 file holding a certificate and its key';
}
