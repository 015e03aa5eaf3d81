import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { redact } from '../support/http/redact.ts';
import { loadTargets } from '../support/targets/load.ts';
import { targetsSchema } from '../support/targets/schema.ts';

const dir = await mkdtemp(join(tmpdir(), 'targets-'));
const file = async (name: string, content: unknown): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const acumatica = { baseUrl: 'https://erp.example.test/MyInstance', username: 'api-conformance', password: 'p4ss-w0rd-from-file' };

/** The error a bad file gets: one line, naming the file and the field. */
async function problem(content: unknown, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const path = await file(`t${Math.random()}.json`, content);
  const err = await loadTargets(path, env).then(() => undefined, (e: Error) => e);
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
    assert.equal(await problem({ systems: { acumatica: { ...acumatica, password: { env: 'NOT_SET_ANYWHERE' } } } }), 'systems.acumatica.password: environment variable NOT_SET_ANYWHERE is not set');
  });

  it('needs at least one system', async () => {
    assert.match(await problem({ systems: {} }), /^systems: must NOT have fewer than 1 properties/);
  });

  it('the committed schema and example are current and valid', async () => {
    const committed = JSON.parse(await readFile('targets/targets.schema.json', 'utf8'));
    assert.deepEqual(committed, targetsSchema(), 'targets/targets.schema.json is stale: run npm run targets-schema');
    const example = await loadTargets('targets/example.json', { ACUMATICA_PASSWORD: 'x1234', FLEXI_PASSWORD: 'x1234', INFOROUTER_PASSWORD: 'x1234', SAP_PASSWORD: 'x1234' });
    assert.ok(Object.keys(example.systems).length > 0);
  });
});
