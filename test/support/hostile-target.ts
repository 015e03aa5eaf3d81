import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { getCookies, getSetCookies, Headers } from 'undici';
import { isPlain } from '../../support/http/redact/index.ts';
import type { SimRequest, SimResponse } from '../../support/simulation/route-table.ts';

/** Where a request carries a credential by name: query, form and JSON fields, XML elements, headers. */
const CARRIED =
  /^(password|pwd|ticket|authenticationticket|authsessionid|refresh_token|refreshtoken|access_token|csrftoken|x-authsessionid|x-csrf-token|j_password|samlresponse)$/i;
/** What a browser's login flow carries, which only the browser sees: a `remember`ing target echoes it in every later answer, to the harness too. */
const OF_THE_FLOW = /^(j_password|samlresponse)$/i;
/** Fields of a form or query that carry a secret of the OAuth flow: the authorization code and the PKCE verifier. */
const CARRIED_IN_FORMS = /^(code|code_verifier)$/;
/** Fields of an answer in which the simulators hand out something secret, the extras of the auth-answer variations included. */
const HANDED_OUT = /^(access_token|refresh_token|id_token|session_handle|authSessionId|refreshToken|csrfToken|sessionHandle|ticket|SessionKey)$/;

/** One secret as the hostile target saw it; `user` when it came in a Basic credential (its `Basic` form). */
export interface Seen {
  readonly user?: string;
}

/** Every form a secret may be echoed in, by name. */
export function formsOf(secret: string, seen: Seen = {}): Record<string, string> {
  const xml = secret.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&apos;');
  return {
    raw: secret,
    json: JSON.stringify(secret).slice(1, -1),
    xml,
    percent: encodeURIComponent(secret),
    form: new URLSearchParams({ v: secret }).toString().slice(2),
    base64: Buffer.from(secret).toString('base64'),
    base64url: Buffer.from(secret).toString('base64url'),
    hex: Buffer.from(secret).toString('hex'),
    ...(seen.user === undefined ? {} : { Basic: Buffer.from(`${seen.user}:${secret}`).toString('base64') }),
  };
}

/**
 * A target that hands out what the simulators' auth-answer variations add, and
 * echoes every secret a request carried (and every one its answer hands out) in
 * each form, in a header and in the body (JSON: an extra field; XML: a comment
 * after the root; other text: appended). `secrets` is everything it saw.
 */
export function hostileEcho(options: { readonly remember?: boolean } = {}): {
  alter: (req: SimRequest, res: SimResponse) => SimResponse;
  secrets: ReadonlyMap<string, Seen>;
  handedOut: ReadonlySet<string>;
} {
  const secrets = new Map<string, Seen>();
  const handedOut = new Set<string>();
  const remembered = new Set<string>();
  const alter = (req: SimRequest, res: SimResponse): SimResponse => {
    const now = new Map<string, Seen>();
    if (options.remember) for (const value of remembered) now.set(value, secrets.get(value) ?? {});
    const add = (value: string | undefined, seen: Seen = {}) => {
      if (value === undefined || isPlain(value)) return;
      now.set(value, seen);
      if (!secrets.has(value) || seen.user !== undefined) secrets.set(value, seen);
    };
    const [scheme, credential = ''] = (req.headers.get('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() === 'basic') {
      const pair = Buffer.from(credential, 'base64').toString('utf8');
      add(pair.slice(pair.indexOf(':') + 1), { user: pair.slice(0, pair.indexOf(':')) });
    } else add(credential || undefined);
    for (const value of Object.values(getCookies(req.headers))) add(value);
    for (const [name, value] of req.headers) if (CARRIED.test(name)) add(value);
    for (const [name, value] of req.query) if (CARRIED.test(name) || CARRIED_IN_FORMS.test(name)) add(value);
    if (/^[^<{]/.test(req.body))
      for (const [name, value] of new URLSearchParams(req.body)) {
        if (!CARRIED.test(name) && !CARRIED_IN_FORMS.test(name)) continue;
        add(value);
        if (!options.remember || !OF_THE_FLOW.test(name)) continue;
        // A SAMLResponse's assertion too, as its XML.
        const decoded = name.toLowerCase() === 'samlresponse' ? Buffer.from(value, 'base64').toString('utf8') : undefined;
        for (const v of [value, decoded]) if (v !== undefined && !isPlain(v)) (remembered.add(v), add(v));
      }
    for (const [name, value] of jsonFields(req.body)) if (CARRIED.test(name)) add(value);
    for (const [, name, value] of req.body.matchAll(/<(?:\w+:)?(\w+)>([^<]*)</g)) if (CARRIED.test(name ?? '')) add(unescapeXml(value ?? ''));
    // What this answer hands out.
    const answerHeaders = new Headers();
    for (const [name, value] of Object.entries(res.headers ?? {})) for (const v of typeof value === 'string' ? [value] : value) answerHeaders.append(name, v);
    const given = (value: string | undefined) => {
      if (value === undefined || isPlain(value)) return;
      handedOut.add(value);
      add(value);
    };
    for (const cookie of getSetCookies(answerHeaders)) given(cookie.value);
    given(answerHeaders.get('x-session-handle') ?? undefined);
    // An authorization code, handed out in the redirect back to the client.
    given(URL.parse(answerHeaders.get('location') ?? '', 'http://redirect.invalid')?.searchParams.get('code') ?? undefined);
    for (const [name, value] of jsonFields(res.body ?? '')) if (HANDED_OUT.test(name)) given(value);
    // Attributes of a root, also one carried escaped in a string result.
    const unescaped = unescapeXml(res.body ?? '');
    for (const [, name, value] of unescaped.matchAll(/\s(\w+)="([^"]*)"/g)) if (HANDED_OUT.test(name ?? '')) given(value);
    if (!now.size) return res;
    const forms = [...now].flatMap(([secret, seen]) => Object.values(formsOf(secret, seen)));
    const ascii = forms.filter((f) => /^[\x20-\x7e]*$/.test(f));
    return { ...res, headers: { ...res.headers, 'x-echo': ascii.join(' ') }, ...(res.body ? { body: withEcho(res.body, forms) } : {}) };
  };
  return { alter, secrets, handedOut };
}

const unescapeXml = (text: string): string =>
  text.replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

function withEcho(body: string, forms: readonly string[]): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return JSON.stringify({ ...parsed, echo: `wrong password, you sent ${forms.join(' ')}` });
  } catch {
    // Not JSON.
  }
  if (/^\s*(\uFEFF)?\s*</.test(body) && !/^\s*<(!doctype|html)/i.test(body)) return `${body}<!-- you sent ${forms.join(' ').replaceAll('--', '- -')} -->`;
  return `${body}\nyou sent ${forms.join(' ')}`;
}

/** Every field of a JSON body, at any depth, with a string or number value. */
function jsonFields(body: string): [string, string][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const out: [string, string][] = [];
  const walk = (value: unknown, name: string) => {
    if (Array.isArray(value)) for (const v of value) walk(v, name);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    else if (typeof value === 'string' || typeof value === 'number') out.push([name, String(value)]);
  };
  walk(parsed, '');
  return out;
}

/** Every file under a folder, as text. */
async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.set(join(entry.parentPath, entry.name), await readFile(join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

/** What a run prints, on its stdout and its stderr both: `environment` for the run, `text()` for the leak check. */
export function capturedConsole(): { readonly environment: { readonly stdout: Writable; readonly stderr: Writable }; text(): string } {
  let text = '';
  const stream = () => new Writable({ write: (chunk, _encoding, done) => void ((text += chunk), done()) });
  return { environment: { stdout: stream(), stderr: stream() }, text: () => text };
}

/** Every text a run left to a person: the files under its reports folder, and what it printed (as `console`). */
export async function textsOfRun(reports: string, console: string): Promise<Map<string, string>> {
  const texts = await filesUnder(reports);
  texts.set('console', console);
  return texts;
}

/** How many characters of a form are hashed to find where it may begin. */
const WINDOW = 8;
const windowHash = (text: string, at: number): number => {
  let h = 0;
  for (let k = 0; k < WINDOW; k++) h = (Math.imul(h, 257) + text.charCodeAt(at + k)) | 0;
  return h;
};

/**
 * Which of `forms` occur in `text`, in one pass over it whatever their number (a
 * rolling hash of each window of the text looked up among the forms' beginnings,
 * each candidate then compared whole): the reports of a run are megabytes, and the
 * forms of its secrets a thousand or more.
 */
function occurring(text: string, forms: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const byStart = new Map<number, string[]>();
  for (const form of forms) {
    if (form.length < WINDOW) {
      if (text.includes(form)) found.add(form);
      continue;
    }
    const h = windowHash(form, 0);
    const list = byStart.get(h);
    if (list) list.push(form);
    else byStart.set(h, [form]);
  }
  if (text.length < WINDOW || !byStart.size) return found;
  let power = 1;
  for (let k = 1; k < WINDOW; k++) power = Math.imul(power, 257);
  let h = windowHash(text, 0);
  for (let i = 0; ; i++) {
    const candidates = byStart.get(h);
    if (candidates) for (const form of candidates) if (!found.has(form) && text.startsWith(form, i)) found.add(form);
    if (i + WINDOW >= text.length) return found;
    h = (Math.imul(h - Math.imul(text.charCodeAt(i), power), 257) + text.charCodeAt(i + WINDOW)) | 0;
  }
}

/** The forms a secret echoed as text shows in base64 too (attachments). */
const DECODED = ['raw', 'json', 'xml', 'percent', 'form'];

/**
 * Where a text shows any of the secrets in any of its forms: in the text itself,
 * and in what each base64 run in it decodes to (attachments in cucumber's messages
 * and HTML report). Each leak is named by place, secret number and form, never by
 * the secret.
 */
export function leaksIn(texts: ReadonlyMap<string, string>, secrets: ReadonlyMap<string, Seen>): string[] {
  const leaks: string[] = [];
  const numbered = [...secrets].map(([secret, seen], i) => ({ i, forms: Object.entries(formsOf(secret, seen)) }));
  const all = new Set(numbered.flatMap(({ forms }) => forms.map(([, form]) => form)));
  const decodable = new Set(numbered.flatMap(({ forms }) => forms.filter(([name]) => DECODED.includes(name)).map(([, form]) => form)));
  for (const [place, text] of texts) {
    const decoded = [...text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)].map(([run]) => Buffer.from(run, 'base64').toString('utf8')).join('\n');
    const shown = occurring(text, all);
    const shownDecoded = occurring(decoded, decodable);
    for (const { i, forms } of numbered) {
      for (const [name, form] of forms) {
        if (shown.has(form)) leaks.push(`${place}: secret ${i} (${name})`);
        else if (DECODED.includes(name) && shownDecoded.has(form)) leaks.push(`${place}: secret ${i} (${name}, in base64)`);
      }
    }
  }
  return leaks;
}
