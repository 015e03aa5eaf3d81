import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { redact } from '../../support/http/redact/index.ts';
import { HarnessError } from '../../support/http/errors.ts';
import { loadTargets, targetsPathFrom } from '../../support/targets/load.ts';
import { targetsSchema } from '../../support/targets/schema.ts';
import { tempDir } from '../support/temp.ts';

const dir = await tempDir('targets-');
const file = async (name: string, content: unknown): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const acumatica = { baseUrl: 'https://erp.example.test/MyInstance', username: 'api-conformance', password: 'p4ss-w0rd-from-file' };

/** The error a bad file gets: one line, naming the file and the field. */
async function problem(content: unknown, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const path = await file(`t${Math.random()}.json`, content);
  const err = await loadTargets(path, env).then(
    () => undefined,
    (e: Error) => e,
  );
  assert.ok(err, 'the file should be refused');
  assert.doesNotMatch(err.message, /\n/, 'one line');
  assert.ok(err.message.startsWith(`targets file ${path}: `), err.message);
  return err.message.slice(`targets file ${path}: `.length);
}

describe('targets file', () => {
  it('accepts a valid file and resolves {"env": NAME} secrets, registering them for redaction', async () => {
    const path = await file('ok.json', { timeoutMs: 5000, systems: { acumatica: { ...acumatica, password: { env: 'ACU_PASSWORD' } } } });
    const targets = await loadTargets(path, { ACU_PASSWORD: 'env-secret-4711' });
    assert.equal(targets.systems.acumatica?.password, 'env-secret-4711');
    assert.equal(redact('password was env-secret-4711'), 'password was «redacted»');
  });

  it('registers passwords written in the file itself', async () => {
    await loadTargets(await file('plain.json', { systems: { acumatica } }));
    assert.doesNotMatch(redact(`login with ${acumatica.password}`), /p4ss-w0rd/);
  });

  it('names a missing file', async () => {
    await assert.rejects(loadTargets(join(dir, 'nope.json')), /targets file .*nope\.json: no such file/);
  });

  it('names broken JSON', async () => {
    assert.match(await problem('{"systems": {'), /^not valid JSON: /);
  });

  it('names broken JSON without quoting the text around the fault, which may be a password', async () => {
    const message = await problem('{"systems": {"acumatica": {"password": s3cr3t-w1thout-quotes}}}');
    assert.match(message, /^not valid JSON: /);
    assert.doesNotMatch(message, /s3cr3t/);
  });

  it('names an unknown system and an unknown field', async () => {
    assert.match(await problem({ systems: { acumatika: acumatica } }), /^systems: unknown field "acumatika"/);
    assert.match(await problem({ systems: { acumatica: { ...acumatica, pasword: 'x' } } }), /^systems\.acumatica: unknown field "pasword"/);
  });

  it('names a missing field and a wrong type', async () => {
    const { password: _, ...withoutPassword } = acumatica;
    assert.match(await problem({ systems: { acumatica: withoutPassword } }), /^systems\.acumatica: missing field "password"/);
    assert.match(await problem({ systems: { acumatica: { ...acumatica, timeoutMs: 'soon' } } }), /^systems\.acumatica\.timeoutMs: must be integer/);
    assert.match(await problem({ systems: { acumatica: { ...acumatica, baseUrl: 'erp.example.test' } } }), /^systems\.acumatica\.baseUrl: must match pattern/);
  });

  it('names an environment variable that is not set, without showing any value', async () => {
    assert.equal(
      await problem({ systems: { acumatica: { ...acumatica, password: { env: 'NOT_SET_ANYWHERE' } } } }),
      'systems.acumatica.password: environment variable NOT_SET_ANYWHERE is not set',
    );
  });

  it('needs at least one system', async () => {
    assert.match(await problem({ systems: {} }), /^systems: must NOT have fewer than 1 properties/);
  });

  it('the committed schema and example are current and valid', async () => {
    const committed = JSON.parse(await readFile('targets/targets.schema.json', 'utf8'));
    assert.deepEqual(committed, targetsSchema(), 'targets/targets.schema.json is stale: run npm run targets-schema');
    const example = await loadTargets('targets/example.json', {
      ACUMATICA_PASSWORD: 'x1234',
      FLEXI_PASSWORD: 'x1234',
      INFOROUTER_PASSWORD: 'x1234',
      SAP_PASSWORD: 'x1234',
    });
    assert.ok(Object.keys(example.systems).length > 0);
  });

  it('treats a null field as one not given, as the typed schema allows', async () => {
    const targets = await loadTargets(await file('nulls.json', { timeoutMs: null, tls: null, systems: { acumatica: { ...acumatica, timeoutMs: null } } }));
    assert.equal(targets.timeoutMs, undefined);
    assert.equal(targets.tls, undefined);
    assert.equal(targets.systems.acumatica?.timeoutMs, undefined);
    assert.match(await problem({ systems: { acumatica: { ...acumatica, baseUrl: null } } }), /^systems\.acumatica: missing field "baseUrl"/);
  });
});

describe('targets file: bad inputs get one line naming the file and the field', () => {
  it('bounds timeouts to ten minutes, at the top and per system (Node would turn 3e9 ms into 1 ms)', async () => {
    assert.match(await problem({ timeoutMs: 3e9, systems: { acumatica } }), /^timeoutMs: must be <= 600000/);
    assert.match(await problem({ systems: { acumatica: { ...acumatica, timeoutMs: 3e9 } } }), /^systems\.acumatica\.timeoutMs: must be <= 600000/);
    assert.match(await problem({ timeoutMs: 0, systems: { acumatica } }), /^timeoutMs: must be >= 1/);
    const ok = await loadTargets(await file('ten-minutes.json', { timeoutMs: 600_000, systems: { acumatica: { ...acumatica, timeoutMs: 1 } } }));
    assert.equal(ok.timeoutMs, 600_000);
  });

  it('checks each baseUrl as a URL, naming the field and not quoting it', async () => {
    const at = (baseUrl: string) => problem({ systems: { acumatica: { ...acumatica, baseUrl } } });
    assert.equal(await at('https://erp.example.test:99999/MyInstance'), 'systems.acumatica.baseUrl: not a valid URL (port 99999 out of range)');
    assert.equal(await at('https://erp exa mple.test/x'), 'systems.acumatica.baseUrl: not a valid URL');
    assert.equal(await at('https://[::1/x'), 'systems.acumatica.baseUrl: not a valid URL');
    const withPassword = await at('https://api-conformance:hunter2-in-url@erp.example.test/MyInstance');
    assert.equal(withPassword, "systems.acumatica.baseUrl: must not carry a user or password: give them in the system's own fields");
    assert.equal(await at('https://erp.example.test/MyInstance?company=x'), 'systems.acumatica.baseUrl: must not have a query or fragment');
    assert.equal(await at('https://erp.example.test/MyInstance#top'), 'systems.acumatica.baseUrl: must not have a query or fragment');
    assert.equal(await at('https://erp.example.test/MyInstance?'), 'systems.acumatica.baseUrl: must not have a query or fragment');
  });

  it('refuses one user named twice in an entry, by the two fields, not quoting it', async () => {
    const account = (username: string) => ({ username, password: 'pw-of-a-test-user' });
    const sap = { baseUrl: 'https://mobile.example.test', appId: 'app', ...account('mobile-1') };
    assert.equal(
      await problem({ systems: { 'sap-mobile-services': { ...sap, moreUsers: [account('mobile-2'), account('mobile-1')] } } }),
      'systems.sap-mobile-services.moreUsers.1: the same user as the entry itself; each account must be a user of its own (scenarios given different ones run side by side, and a logout ends every session of its user)',
    );
    const flexi = { baseUrl: 'https://flexi.example.test', company: 'demo', admin: account('admin'), user: account('franta'), otherUser: account('pepa') };
    assert.match(
      await problem({ systems: { flexi: { ...flexi, moreUsers: [account('pepa')] } } }),
      /^systems\.flexi\.moreUsers\.0: the same user as otherUser; /,
    );
    assert.match(
      await problem({ systems: { flexi: { ...flexi, moreAdmins: [account('FRANTA')] } } }),
      /^systems\.flexi\.moreAdmins\.0: the same user as user; /,
    );
  });

  it('refuses a file nested too deep, without overflowing the stack', async () => {
    const deep = `{"systems": {"acumatica": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    assert.equal(await problem(deep), 'nested deeper than 32 levels');
  });

  it('refuses a file over 1 MiB without reading or quoting it', async () => {
    const password = 'x'.repeat(1024 * 1024);
    const message = await problem({ systems: { acumatica: { ...acumatica, password } } });
    assert.equal(message, 'larger than 1 MiB (size limit); a targets file is a few kilobytes');
  });

  it('refuses a value over 4096 characters, from the file or the environment, without quoting or registering it', async () => {
    const fromFile = 'f'.repeat(5000);
    assert.equal(
      await problem({ systems: { acumatica: { ...acumatica, password: fromFile } } }),
      'systems.acumatica.password: longer than 4096 characters (size limit)',
    );
    const fromEnv = `${'p4ss'.repeat(1_250_000)}`;
    const message = await problem({ systems: { acumatica: { ...acumatica, password: { env: 'HUGE_PASSWORD' } } } }, { HUGE_PASSWORD: fromEnv });
    assert.equal(message, 'systems.acumatica.password (from HUGE_PASSWORD): longer than 4096 characters (size limit)');
    // Not registered: a 5 MB secret would make every later redaction fail.
    assert.equal(redact('still redacting'), 'still redacting');
  });

  it('quotes and cuts a field name that is not a plain word, so the message stays one short line', async () => {
    const key = `acu\nmatica${'x'.repeat(500)}`;
    const message = await problem({ systems: { acumatica, [key]: {} } });
    assert.ok(message.length < 200, message);
    assert.match(message, /^systems: unknown field "acu\\nmatica/);
    assert.match(
      await problem({ systems: { acumatica: { ...acumatica, password: { env: 'NOT A NAME' } } } }),
      /^systems\.acumatica\.password: "env" must name an environment variable$/,
    );
  });

  it('checks that tls.ca holds PEM certificates, naming the field', async () => {
    const notPem = await file('not-a-ca.pem', 'just some text\n');
    assert.equal(await problem({ tls: { ca: notPem }, systems: { acumatica } }), `tls.ca: ${notPem} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    const broken = await file('broken-ca.pem', '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    assert.equal(await problem({ tls: { ca: broken }, systems: { acumatica } }), `tls.ca: ${broken}: certificate 1 of 1 is not a valid certificate`);
    const missing = join(dir, 'no-such-ca.pem');
    assert.equal(await problem({ tls: { ca: missing }, systems: { acumatica } }), `tls.ca: ${missing}: no such file`);
  });

  it('needs cert and key together, and not beside pfx', async () => {
    assert.match(await problem({ tls: { cert: '/c.pem' }, systems: { acumatica } }), /^tls: must have property key when property cert is present/);
    assert.equal(
      await problem({ tls: { cert: '/c.pem', key: '/k.pem', pfx: '/p.p12' }, systems: { acumatica } }),
      'tls.pfx: give either pfx, or cert and key, not both',
    );
  });
});

describe('CONFORMANCE_TARGETS', () => {
  it('unset means the simulators; set names the file; set but blank is refused', () => {
    assert.equal(targetsPathFrom({}), undefined);
    assert.equal(targetsPathFrom({ CONFORMANCE_TARGETS: 'targets/mine.json' }), 'targets/mine.json');
    for (const blank of ['', '  ']) {
      assert.throws(
        () => targetsPathFrom({ CONFORMANCE_TARGETS: blank }),
        (err: Error) => err instanceof HarnessError && /^CONFORMANCE_TARGETS is set but empty/.test(err.message),
      );
    }
  });
});
