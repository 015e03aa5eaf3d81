import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allureEnvironment, allureExecutor, allureWriter, verdictLine } from '../../support/report/allure.ts';
import { fleetOf } from '../../support/report/document.ts';
import { EXIT } from '../../support/report/exit-codes.ts';
import { SKIP_MEDIA_TYPE } from '../../support/harness/skip.ts';
import { MASK, redactor } from '../../support/http/redact/index.ts';
import { complianceOf, type Ending } from '../support/compliances.ts';
import { tempDir } from '../support/temp.ts';

const failed: Ending = { outcome: 'failed', error: { type: 'Nonconformance', message: 'logout status: expected 404, observed 200' } };
const broken: Ending = { outcome: 'broken', error: { type: 'TargetError', message: '[acumatica] POST http://x/entity/auth/login: answered 502' } };
const notVerified: Ending = { outcome: 'not-verified', notRun: { kind: 'slow', reason: 'really waits' } };
const versions = { harness: '0.1.0' };

/** Java's Properties reading of the lines written: the test's own reader, for what this file uses. */
function readProperties(text: string): [string, string][] {
  const unescape = (s: string) =>
    s.replace(/\\(u[0-9a-f]{4}|.)/g, (_, e: string) =>
      e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: '\n', r: '\r', t: '\t' }[e] ?? e),
    );
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const at = /(?<!\\)(?:\\\\)*=/.exec(line);
      assert.ok(at, line);
      const end = at.index + at[0].length;
      return [unescape(line.slice(0, end - 1)), unescape(line.slice(end))];
    });
}

describe("Allure's overview: the verdicts", () => {
  const verdicts = complianceOf(['acumatica', 'flexi'], { 'FLX-4': failed, 'FLX-13': notVerified, 'ACU-2': broken });
  const compliance = { ...verdicts, systems: verdicts.systems.map((s) => (s.key === 'flexi' ? { ...s, baseUrl: 'https://user:pw@flexi.test/?token=x' } : s)) };

  it('a row per system in scope, worst first, with its verdict word and the MUST clauses by status, named but those that passed', () => {
    const rows = readProperties(allureEnvironment(compliance, versions));
    assert.deepEqual(rows.slice(0, 3), [
      ['ABRA Flexi', 'nonconformant: MUST 11 passed, 1 failed (FLX-4), 0 broken, 1 not verified (FLX-13)'],
      ['MYOB Acumatica', 'broken: MUST 7 passed, 0 failed, 1 broken (ACU-2), 0 not verified'],
      ['mode', 'live'],
    ]);
    assert.deepEqual(rows.slice(3), [
      ['target.flexi', 'https://flexi.test/'],
      ['version.harness', '0.1.0'],
    ]);
  });

  it('the words are the verdict model’s: each row starts with the verdict its system has', () => {
    for (const s of compliance.systems.filter((x) => x.verdict !== 'out-of-scope')) assert.ok(verdictLine(s).startsWith(`${s.verdict}: MUST `));
  });

  it('a fleet: a row per deployment × system, and one for a deployment that could not run', () => {
    const fleet = fleetOf(
      [
        { deployment: 'eu-prod', ...complianceOf(['flexi']), exitCode: EXIT.conformant },
        { deployment: 'us-prod', ...complianceOf(['flexi'], { 'FLX-2': failed }), exitCode: EXIT.nonconformant },
        { ...complianceOf([]), deployment: 'ap-staging', systems: [], exitCode: EXIT.broken, problem: 'no answer from https://ap.test/' },
      ],
      { mode: 'live' },
    );
    const rows = readProperties(allureEnvironment(fleet, versions));
    assert.deepEqual(
      rows.map(([k, v]) => `${k} = ${v.split(':')[0]}`),
      ['ap-staging = could not run', 'us-prod / ABRA Flexi = nonconformant', 'eu-prod / ABRA Flexi = conformant', 'mode = live', 'version.harness = 0.1.0'],
    );
    assert.match(allureExecutor(fleet, EXIT.nonconformant).buildName, /^Exit 1: a nonconformance: a target broke a documented rule \(3 deployments\)$/);
  });

  it("a target's text stays text on one line, read back as written; secrets masked", () => {
    const secret = 'pw-of-the-allure-test-7';
    redactor.register(secret);
    const hostile = `x\n=y: #!\\ é\u2028 <b>password=${secret}</b>`;
    const text = allureEnvironment({ ...complianceOf([]), mode: hostile }, { [hostile]: '1' });
    assert.match(text, /^[\x20-\x7e\n]*$/, 'ISO 8859-1 safe, one line per row');
    const rows = readProperties(text);
    assert.equal(rows.length, 2);
    for (const [key, value] of rows) {
      assert.ok(!`${key}${value}`.includes(secret) && `${key}${value}`.includes(MASK), 'the secret is masked');
    }
    assert.equal(rows[0]?.[1], `x\n=y: #!\\ é\u2028 <b>password=${MASK}</b>`);
  });
});

describe("the Allure writer: a scenario's status is its verdict", () => {
  async function written(results: object[], groups: object[] = []) {
    const dir = await tempDir('allure-writer-');
    const writer = allureWriter(dir);
    for (const r of results) writer.writeResult(r as never);
    for (const g of groups) writer.writeGroup(g as never);
    await writer.settled();
    const files = (await readdir(dir)).filter((f) => f.endsWith('-result.json'));
    return Promise.all(
      files.sort().map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as { status: string; statusDetails: { message?: string } }),
    );
  }
  const result = (uuid: string, status: string, message?: string) => ({
    uuid,
    name: uuid,
    status,
    statusDetails: message ? { message, trace: 'at /home/someone/x.ts:1' } : {},
    steps: [],
  });

  it("a target's error is broken though its text says assert; only a nonconformance is failed; each message its one line, without the type", async () => {
    const [a, b, c] = await written([
      result('a', 'failed', 'TargetError: [flexi] POST http://x/login.json: answered 502: <html>assertion failed</html>\n    at y'),
      result('b', 'failed', 'AssertionError: logout status: expected 404, observed 200'),
      result('c', 'failed', 'TypeError: x is undefined, expected an object'),
    ]);
    assert.deepEqual(
      [a, b, c].map((r) => [r?.status, r?.statusDetails.message]),
      [
        ['broken', '[flexi] POST http://x/login.json: answered 502: <html>assertion failed</html>'],
        ['failed', 'logout status: expected 404, observed 200'],
        ['broken', 'TypeError: x is undefined, expected an object'],
      ],
    );
  });

  it('a skipped scenario says why: from its step, or from its Before hook, written before or after it', async () => {
    const skip = (name: string) => ({ befores: [{ steps: [{ name, attachments: [{ name, type: SKIP_MEDIA_TYPE, source: 's' }] }] }] });
    const step = {
      ...result('a', 'skipped'),
      steps: [{ status: 'skipped', steps: [], attachments: [{ name: 'not verified: needs webLogin', type: SKIP_MEDIA_TYPE }] }],
    };
    const rows = await written(
      [step, result('b', 'skipped'), result('d', 'skipped')],
      [
        { uuid: 'g1', children: ['b'], ...skip('out of scope: infoRouter is not named in the targets file') },
        { uuid: 'g2', children: ['c'], ...skip('not verified: really waits') },
      ],
    );
    assert.deepEqual(
      rows.map((r) => r.statusDetails.message),
      ['not verified: needs webLogin', 'out of scope: infoRouter is not named in the targets file', undefined],
    );
    const [late] = await written([result('c', 'skipped')], []);
    assert.equal(late?.statusDetails.message, undefined);
  });
});
