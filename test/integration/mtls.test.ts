import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { request } from 'undici';
import { liveDispatcher, type TlsOptions } from '../../support/http/dispatcher.ts';
import { redact } from '../../support/http/redact/index.ts';
import { loadTargets } from '../../support/targets/load.ts';
import { targetsFile } from '../support/targets-file.ts';
import { testAuthority } from '../support/certificates.ts';
import { needs, OPENSSL } from '../support/prerequisites.ts';
import { tempDir } from '../support/temp.ts';

// Made at the top: removed after the file's last test, not after the hook that fills it.
const folder = await tempDir('mtls-');

const openssl = needs([OPENSSL]);

const PASSPHRASE = 'pfx-Passphrase-0815';

/** A CA, a server certificate for 127.0.0.1, a client certificate and key (plain, encrypted, PKCS#12), and a stranger's key. */
async function certificates(dir: string) {
  const authority = await testAuthority(dir);
  const server = await authority.sign('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1');
  const client = await authority.sign('client', '/CN=conformance client', 'extendedKeyUsage=clientAuth');
  const { openssl: ssl } = authority;
  const file = (name: string) => join(dir, name);
  await ssl('pkcs12', '-export', '-in', 'client.pem', '-inkey', 'client.key', '-passout', `pass:${PASSPHRASE}`, '-out', 'client.p12');
  await ssl('pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${PASSPHRASE}`, '-out', 'client-encrypted.key');
  await ssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'stranger.key');
  return {
    ca: authority.ca,
    cert: client.cert,
    key: client.key,
    encryptedKey: file('client-encrypted.key'),
    pfx: file('client.p12'),
    strangerKey: file('stranger.key'),
    serverKey: server.key,
    serverCert: server.cert,
  };
}

describe('mutual TLS to a live target', { skip: openssl.skip }, () => {
  let files: Awaited<ReturnType<typeof certificates>>;
  let server: Server;
  let url: string;

  before(async () => {
    openssl.check();
    files = await certificates(folder);
    server = createServer(
      {
        key: await readFile(files.serverKey),
        cert: await readFile(files.serverCert),
        ca: await readFile(files.ca),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => res.end(`hello ${(req.socket as TLSSocket).getPeerCertificate().subject.CN}`),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The answer's body through a live dispatcher with these TLS settings, or the error. */
  async function get(tls: TlsOptions): Promise<string> {
    const dispatcher = await liveDispatcher(tls);
    try {
      const answer = await request(url, { dispatcher });
      return await answer.body.text();
    } finally {
      await dispatcher.close();
    }
  }

  it('is refused by the server without a client certificate', async () => {
    await assert.rejects(get({ ca: files.ca }));
  });

  it('succeeds with the certificate and key of the targets file', async () => {
    const targets = await loadTargets(
      await targetsFile({
        tls: { ca: files.ca, cert: files.cert, key: files.key },
        systems: { acumatica: { baseUrl: url, username: 'u', password: 'pw-for-mtls' } },
      }),
    );
    assert.equal(await get(targets.tls ?? {}), 'hello conformance client');
  });

  it('succeeds with an encrypted key and its passphrase from the environment', async () => {
    assert.equal(await get({ ca: files.ca, cert: files.cert, key: files.encryptedKey, passphrase: PASSPHRASE }), 'hello conformance client');
  });

  it('succeeds with a PKCS#12 file whose passphrase comes from the environment, and masks the passphrase', async () => {
    const targets = await loadTargets(
      await targetsFile({
        tls: { ca: files.ca, pfx: files.pfx, passphrase: { env: 'CLIENT_PFX_PASSPHRASE' } },
        systems: { acumatica: { baseUrl: url, username: 'u', password: 'pw-for-mtls' } },
      }),
      { CLIENT_PFX_PASSPHRASE: PASSPHRASE },
    );
    assert.equal(await get(targets.tls ?? {}), 'hello conformance client');
    assert.equal(redact(`unlocked with ${PASSPHRASE}`), 'unlocked with «redacted»');
  });

  /** The one line a targets file with these TLS settings is refused with. */
  async function refusal(tls: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): Promise<string> {
    const path = await targetsFile({ tls: { ca: files.ca, ...tls }, systems: { acumatica: { baseUrl: url, username: 'u', password: 'pw-for-mtls' } } });
    const err = await loadTargets(path, env).then(
      () => assert.fail('the file should be refused'),
      (e: Error) => e,
    );
    assert.doesNotMatch(err.message, /\n/);
    assert.doesNotMatch(err.message, /Passphrase-0815|wrong-passphrase/);
    return err.message.replace(`targets file ${path}: `, '');
  }

  it('names a wrong PKCS#12 passphrase, without showing it', async () => {
    assert.equal(
      await refusal({ pfx: files.pfx, passphrase: { env: 'P' } }, { P: 'wrong-passphrase' }),
      `tls.pfx: ${files.pfx} cannot be used: wrong or missing tls.passphrase`,
    );
    assert.equal(await refusal({ pfx: files.pfx }), `tls.pfx: ${files.pfx} cannot be used: wrong or missing tls.passphrase`);
  });

  it('names a key that does not match the certificate, or cannot be unlocked', async () => {
    assert.equal(
      await refusal({ cert: files.cert, key: files.strangerKey }),
      `tls.key: ${files.strangerKey} is not the key of the certificate in ${files.cert}`,
    );
    assert.equal(
      await refusal({ cert: files.cert, key: files.encryptedKey }),
      `tls.key: ${files.encryptedKey} cannot be used: the key is encrypted and tls.passphrase is not given`,
    );
    assert.equal(
      await refusal({ cert: files.cert, key: files.encryptedKey, passphrase: 'wrong-passphrase' }),
      `tls.key: ${files.encryptedKey} cannot be used: wrong tls.passphrase`,
    );
    assert.equal(await refusal({ cert: files.cert, key: files.ca }), `tls.key: ${files.ca} cannot be used: not a PEM private key`);
  });

  it('names a wrong passphrase also where it decrypts the key to garbage instead of failing the decryption', async () => {
    // About one wrong passphrase in 256 gives valid padding, and OpenSSL then says "unsupported", not "bad decrypt":
    // one such is found (5000 tries miss with a chance of 3 in a billion), and is named as the wrong passphrase it is.
    const pem = await readFile(files.encryptedKey);
    const garbling = Array.from({ length: 5000 }, (_, i) => `wrong-passphrase-${i}`).find((passphrase) => {
      try {
        createPrivateKey({ key: pem, format: 'pem', passphrase });
        return false;
      } catch (err) {
        return !/bad decrypt/i.test((err as Error).message);
      }
    });
    assert.ok(garbling, 'no wrong passphrase decrypted the key to garbage');
    assert.equal(
      await refusal({ cert: files.cert, key: files.encryptedKey, passphrase: garbling }),
      `tls.key: ${files.encryptedKey} cannot be used: wrong tls.passphrase`,
    );
  });

  it('names files that are not what their field says', async () => {
    assert.equal(await refusal({ cert: files.key, key: files.key }), `tls.cert: ${files.key} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    assert.equal(await refusal({ pfx: files.cert, passphrase: 'wrong-passphrase' }), `tls.pfx: ${files.cert} cannot be used: not a PKCS#12 file`);
    assert.equal(await refusal({ cert: join(files.cert, 'nope'), key: files.key }), `tls.cert: ${join(files.cert, 'nope')}: ${'no such file'}`);
  });
});
