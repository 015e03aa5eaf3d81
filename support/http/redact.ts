/**
 * The one place secrets are masked. Every secret the harness learns — from the
 * targets file, from a Set-Cookie, from a login answer — is registered here the
 * moment it is seen, and every text that leaves the process (attachments, error
 * messages, log lines, report files) passes through `redact`.
 *
 * One job, though long: what is a secret (registered, deny by default in
 * authentication answers, token-shaped), every form it is masked in, and masking.
 *
 * It must not fail open: a secret of any length or character is masked in every form
 * it takes on the wire, and when masking itself goes wrong the text is withheld
 * rather than shown.
 */
export const MASK = '«redacted»';

/** What `redact` returns when it could not mask a text: nothing of the text, so nothing of its secrets. */
export const WITHHELD = '«text withheld: redaction failed»';

/** Headers whose whole value is a credential, whatever it looks like. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-authsessionid|x-csrf-token)$/i;

/** Field names whose values are secrets in forms, JSON, XML and query strings. */
const SECRET_FIELDS = [
  'password',
  'pwd',
  'authenticationticket',
  'ticket',
  'authsessionid',
  'refreshtoken',
  'refresh_token',
  'access_token',
  'csrftoken',
  'client_secret',
  'otp',
];
const F = SECRET_FIELDS.join('|');
const SECRET_FIELD_NAMES = new Set(SECRET_FIELDS);
const FIELD_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // JSON string: "password": "…", escaped quotes and backslashes inside; unterminated (a cut body) to the end of its line.
  [new RegExp(`("(?:${F})"\\s*:\\s*")(?:[^"\\\\\\n]|\\\\.)*("|$)`, 'gim'), `$1${MASK}$2`],
  // JSON number: "otp": 123456
  [new RegExp(`("(?:${F})"\\s*:\\s*)-?\\d[\\d.eE+-]*`, 'gi'), `$1${MASK}`],
  // Attribute in any quoting, XML-escaped (SOAP results carried as text) or JSON-escaped too: ticket="…", ticket=&quot;…&quot;
  [new RegExp(`(\\b(?:${F})\\s*=\\s*)("|'|\\\\"|&quot;|&apos;|&#34;|&#39;)(?:.*?)(\\2|$)`, 'gim'), `$1$2${MASK}$3`],
  // Form or query: password=…&
  [new RegExp(`(\\b(?:${F})=)[^&\\s"'<\\\\]+`, 'gi'), `$1${MASK}`],
  // XML element, any prefix and attributes: <AuthenticationTicket>…</AuthenticationTicket>
  [new RegExp(`(<((?:[\\w.-]+:)?(?:${F}))(?:\\s[^>]*)?>)[^<]*`, 'gi'), `$1${MASK}`],
  // The same, XML-escaped: &lt;ticket&gt;…&lt;/ticket&gt;
  [new RegExp(`(&lt;((?:[\\w.-]+:)?(?:${F}))(?:\\s(?:(?!&gt;)[^])*)?&gt;)(?:(?!&lt;)[^])*`, 'gi'), `$1${MASK}`],
];

/** Secrets up to this length are matched by one pattern that admits every encoding of each character. */
const FLEXIBLE_MAX = 256;
/** A bound on one compiled expression's source: V8 refuses expressions of some 32 KB of literal text. */
const BUCKET_SOURCE_MAX = 16_384;

const escapeRe = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** Hex digits matched in either case: `%c3`, `&#xE9;` and `\u00e9` are all written. */
const hexRe = (hex: string): string => hex.replace(/[a-f]/gi, (d) => `[${d.toLowerCase()}${d.toUpperCase()}]`);
const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
const JSON_SHORT: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
const XML_NAMED: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * One character of a secret as an expression for each way it may be written: raw,
 * JSON-escaped (`\"`, `\u00e9`), XML-escaped (`&quot;`, `&#233;`, `&#xE9;`),
 * percent-encoded (its UTF-8 bytes) and form-encoded (`+` for a space). Mixtures
 * match too, which only ever masks more.
 */
function charPattern(ch: string): string {
  if (/^[A-Za-z0-9]$/.test(ch)) return ch;
  const code = ch.codePointAt(0) as number;
  const forms = new Set<string>([escapeRe(ch)]);
  const short = JSON_SHORT[ch];
  if (short) forms.add(escapeRe(short));
  // JSON carried in XML: the escaped quote's quote escaped again.
  if (ch === '"') forms.add('\\\\&quot;').add('\\\\&#34;');
  const units = ch.length === 2 ? [ch.charCodeAt(0), ch.charCodeAt(1)] : [code];
  forms.add(units.map((u) => `\\\\u${hexRe(hex(u, 4))}`).join(''));
  const named = XML_NAMED[ch];
  if (named) forms.add(named);
  forms.add(`&#0*${code};`);
  forms.add(`&#[xX]0*${hexRe(hex(code, 1))};`);
  forms.add([...Buffer.from(ch, 'utf8')].map((b) => `%${hexRe(hex(b, 2))}`).join(''));
  if (ch === ' ') forms.add('\\+');
  // Longest first: `&` alone must not win over `&amp;` and leave `amp;` behind.
  return `(?:${[...forms].sort((a, b) => b.length - a.length).join('|')})`;
}

/** The expression for a short secret in all its encodings; undefined when one of its characters cannot be written as text. */
function flexiblePattern(secret: string): string | undefined {
  let out = '';
  for (const ch of secret) {
    if (ch.length === 1 && /[\uD800-\uDFFF]/.test(ch)) return undefined; // a lone surrogate has no UTF-8 form
    out += charPattern(ch);
  }
  return out;
}

/**
 * The encoded forms of a long secret, each matched literally: too long for an
 * expression, and tokens of that size are rarely anything but ASCII.
 */
function literalForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const tryAdd = (make: () => string) => {
    try {
      forms.add(make());
    } catch {
      // A form the secret has no spelling in (a lone surrogate cannot be percent-encoded) cannot occur either.
    }
  };
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(json.replaceAll('/', '\\/'));
  const ascii = /^[\x00-\x7f]*$/.test(secret);
  if (!ascii) {
    const unicode = json.replace(/[^\x20-\x7e]/g, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
    forms.add(unicode);
    forms.add(unicode.replace(/\\u[0-9A-F]{4}/g, (u) => u.toLowerCase()));
  }
  tryAdd(() => encodeURIComponent(secret));
  tryAdd(() => encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (p) => p.toLowerCase()));
  // As URLSearchParams writes it (which is slow on megabytes): a space as +, and !'()~ encoded too.
  tryAdd(() => replaceEach(encodeURIComponent(secret), { '%20': '+', '!': '%21', "'": '%27', '(': '%28', ')': '%29', '~': '%7E' }));
  const xml = replaceEach(secret, { '&': '&amp;', '<': '&lt;', '>': '&gt;' });
  forms.add(xml);
  forms.add(replaceEach(xml, { '"': '&quot;', "'": '&apos;' }));
  forms.add(replaceEach(xml, { '"': '&#34;', "'": '&#39;' }));
  const numeric = replaceEach(secret, { '&': '&#38;', '<': '&#60;', '>': '&#62;', '"': '&#34;', "'": '&#39;' });
  forms.add(ascii ? numeric : numeric.replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`));
  // JSON carried in XML (a service's JSON string inside a SOAP result).
  forms.add(replaceEach(json, XML_NAMED));
  forms.delete('');
  return [...forms];
}

/** Each key replaced by its value, in order; plain search rather than a callback per match (megabyte secrets). */
function replaceEach(text: string, map: Readonly<Record<string, string>>): string {
  let out = text;
  for (const [from, to] of Object.entries(map)) if (out.includes(from)) out = out.split(from).join(to);
  return out;
}

/** `user:password` inside a Basic credential, when the value is one: its pair and password travel decoded in places too. */
function basicPair(value: string): string | undefined {
  if (value.length < 8 || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64');
  if (decoded.toString('base64') !== value) return undefined;
  const text = decoded.toString('utf8');
  return text.includes(':') && !/[\x00-\x1f\x7f\uFFFD]/.test(text) ? text : undefined;
}

/**
 * The one rule for values masked though no rule named them (a field of an
 * authentication answer, a cookie): a value too short or too plain to be a
 * credential — under 10 characters, a number, a boolean, null, a date, or
 * `name=value` pairs of such values — stays readable (`Culture=en-US`,
 * `"expires_in": 3600`). A secret the harness knows by name (a password, a
 * session id) is masked whatever it looks like.
 */
export function isPlain(value: string): boolean {
  const v = value.trim();
  const pairs = v.split(/[&;]/);
  if (pairs.length > 1 || /^[^=]+=/.test(v)) return pairs.every((pair) => /^[^=]+=/.test(pair) && isPlain(pair.slice(pair.indexOf('=') + 1)));
  return (
    v.length < 10 ||
    /^(?:true|false|null|undefined|[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/i.test(v) ||
    /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(v)
  );
}

/**
 * Headers of an authentication answer that carry no credential: HTTP's own. Every
 * other header of such an answer is a secret unless plain (deny by default).
 */
const HTTP_HEADERS = new Set([
  'accept-ranges',
  'age',
  'cache-control',
  'connection',
  'content-encoding',
  'content-language',
  'content-length',
  'content-type',
  'date',
  'etag',
  'expires',
  'keep-alive',
  'last-modified',
  'location',
  'pragma',
  'retry-after',
  'server',
  'strict-transport-security',
  'transfer-encoding',
  'vary',
  'via',
  'www-authenticate',
  'x-content-type-options',
  'x-frame-options',
  'x-powered-by',
  'x-xss-protection',
]);

/** Runs of characters a token is written in: base64, base64url, hex. (`+`, not `{24,}`: a counted repeat is slow on a long run.) */
const TOKEN_CANDIDATE = /[A-Za-z0-9+/_-]+={0,2}/g;
/** The longest run of token characters looked at as a token: longer ones are data (an encoded file), and costly to weigh. */
const TOKEN_MAX = 16_384;
/** Runs of base64url and dots, where a JWT may stand (an expression that always matches: linear on any text). */
const DOTTED_RUN = /[A-Za-z0-9_.-]+/g;

/** Bits per character, by the characters' frequencies in the value. */
function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/**
 * Whether a run of token characters looks like a credential nobody named: random
 * hexadecimal of 32 digits or more, or 24 or more characters that mix capitals,
 * small letters and digits (in two places at least) with the spread and churn of random text (paths and
 * identifiers written by people have fewer distinct characters, in longer runs).
 */
export function isTokenShaped(value: string): boolean {
  const bare = value.replace(/=+$/, '');
  if (/^(?:[0-9a-f]{32,}|[0-9A-F]{32,})$/.test(bare)) return /\d/.test(bare) && /[a-f]/i.test(bare) && entropy(bare) >= 3;
  if (bare.length < 24 || !/[a-z]/.test(bare) || !/[A-Z]/.test(bare) || !/\d\D+\d/.test(bare) || entropy(bare) < 3.5) return false;
  // Random text changes between capitals, small letters and digits at most characters, digits here and there; paths and names people write, seldom.
  const alnum = bare.replace(/[^A-Za-z0-9]/g, '');
  const kind = (c: string) => (/[a-z]/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : 2);
  let changes = 0;
  for (let i = 1; i < alnum.length; i++) if (kind(alnum[i] as string) !== kind(alnum[i - 1] as string)) changes++;
  return changes >= 0.35 * alnum.length;
}

/** Whether a base64url part is a JWT's header: it decodes to a JSON object with `alg`. */
function isJwt(part: string): boolean {
  if (!part.startsWith('eyJ')) return false; // `{"`, as every JSON object's encoding begins
  try {
    const header = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof header === 'object' && header !== null && 'alg' in header;
  } catch {
    return false;
  }
}

/** Every value of a JSON document (leaves), with the name of the field holding it. */
function* jsonLeaves(value: unknown, name = ''): Generator<[string, string]> {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) for (const item of value) yield* jsonLeaves(item, name);
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* jsonLeaves(v, k);
  else yield [name, String(value)];
}

const XML_DECODE: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const xmlText = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, ref: string) =>
    ref[0] === '#' ? String.fromCodePoint(Number(ref[1] === 'x' || ref[1] === 'X' ? `0${ref.slice(1)}` : ref.slice(1))) : (XML_DECODE[ref] ?? m),
  );

/** Every attribute and element text of an XML document, with its (local) name; escaped roots inside are read too. */
function* xmlValues(body: string, depth = 0): Generator<[string, string]> {
  for (const element of body.matchAll(/<([\w.:-]+)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>([^<]*)/g)) {
    const name = (element[1] ?? '').replace(/^.*:/, '');
    for (const attr of (element[2] ?? '').matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      // Namespace declarations name vocabularies, never a credential.
      if (!/^xmlns(:|$)/.test(attr[1] ?? '')) yield [(attr[1] ?? '').replace(/^.*:/, ''), xmlText(attr[2] ?? attr[3] ?? '')];
    }
    const text = xmlText(element[3] ?? '').trim();
    if (!text) continue;
    // A string result holding a whole root, escaped (ASMX): its own attributes are the values.
    if (text.startsWith('<') && depth < 2) yield* xmlValues(text, depth + 1);
    else yield [name, text];
  }
}

/** Every named value of an answer body: JSON, XML or a form; nothing for other bodies (HTML pages). */
function* bodyValues(body: string): Generator<[string, string]> {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (/^[[{]/.test(text)) {
    try {
      yield* jsonLeaves(JSON.parse(text));
      return;
    } catch {
      // Not JSON after all: read as what it looks like next.
    }
  }
  if (text.startsWith('<')) {
    if (!/^<(!doctype\s+)?html\b/i.test(text)) yield* xmlValues(text);
    return;
  }
  if (/^[^\s=&]+=[^\s&]*(?:&[^\s=&]+=[^\s&]*)*$/.test(text)) for (const [k, v] of new URLSearchParams(text)) yield [k, v];
}

/** The least length of an encoded form (base64, hex) registered: shorter ones would mask ordinary text. */
const ENCODED_MIN = 6;
/** Secrets up to this length are also masked in base64, base64url and hex; longer ones are no token anyone encodes. */
const ENCODED_MAX = 65_536;

/**
 * A secret's base64 and base64url forms at each of the three alignments it may
 * have inside a longer encoded text (a password inside `user:password`), each cut
 * before the characters it shares with unknown neighbours; and its hex, in either case.
 */
export function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  if (bytes.length > ENCODED_MAX) return [];
  const forms = new Set<string>();
  for (const skip of [0, 1, 2]) {
    const rest = bytes.subarray(skip);
    const whole = Math.floor(rest.length / 3) * 4;
    const partial = rest.length % 3;
    // Characters wholly from the secret: its full groups, then one more of a partial group.
    const keep = whole + (partial ? partial : 0);
    for (const encoding of ['base64', 'base64url'] as const) {
      const encoded = rest.toString(encoding);
      forms.add(encoded.slice(0, keep));
      if (skip === 0) forms.add(encoded);
    }
  }
  const hex = bytes.toString('hex');
  forms.add(hex).add(hex.toUpperCase());
  return [...forms].filter((f) => f.length >= ENCODED_MIN && f !== secret);
}

/** How one secret is matched: in an expression, or by its literal forms. */
type Matcher = { readonly source: string } | { readonly literals: readonly string[] };

/**
 * Letters and digits read the same in every encoding, so a secret of nothing else
 * (most session ids and tokens) is matched by plain search; a secret too long for
 * an expression, by its usual encoded forms.
 */
function matcher(secret: string): Matcher {
  if (/^[A-Za-z0-9]+$/.test(secret)) return { literals: [secret] };
  const source = secret.length <= FLEXIBLE_MAX ? flexiblePattern(secret) : undefined;
  return source && source.length <= BUCKET_SOURCE_MAX ? { source } : { literals: literalForms(secret) };
}

/** The text with every span masked; overlapping and touching spans become one mask. */
function maskSpans(text: string, spans: [number, number][]): string {
  if (!spans.length) return text;
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = '';
  let at = 0;
  let [start, end] = spans[0] as [number, number];
  for (const [s, e] of spans) {
    if (s <= end) end = Math.max(end, e);
    else {
      out += text.slice(at, start) + MASK;
      at = end;
      [start, end] = [s, e];
    }
  }
  return out + text.slice(at, start) + MASK + text.slice(end);
}

/** How many characters of a literal form index it. */
const PREFIX = 6;
/** Longer forms are few, and compared whole at each place their prefix recurs would cost a repetitive text dearly: searched for apart. */
const INDEXED_MAX = 1024;
/** Up to this many forms, each is looked for by itself (native search); past it, one pass over the text looks up every position. */
const SEARCH_EACH_MAX = 48;

const pairHash = (a: number, b: number): number => ((a * 251) ^ b) & 0xffff;

/**
 * The literal forms of every secret, found in one pass over a text whatever their
 * number: each position's next `PREFIX` characters are looked up among the forms'
 * beginnings, so a run's hundreds of secrets in their many encodings cost a text
 * one lookup per character rather than one search per form.
 */
class Literals {
  readonly #all = new Set<string>();
  /** Forms shorter than the prefix, and long ones: searched for one by one. */
  readonly #apart = new Set<string>();
  readonly #byPrefix = new Map<string, string[]>();
  /** The first two characters of every indexed form, hashed: most positions of a text are passed over on this alone. */
  readonly #starts = new Uint8Array(1 << 16);

  add(form: string): void {
    if (this.#all.has(form)) return;
    this.#all.add(form);
    if (form.length < PREFIX || form.length > INDEXED_MAX) this.#apart.add(form);
    else {
      const key = form.slice(0, PREFIX);
      const list = this.#byPrefix.get(key);
      if (list) list.push(form);
      else this.#byPrefix.set(key, [form]);
      this.#starts[pairHash(form.charCodeAt(0), form.charCodeAt(1))] = 1;
    }
  }

  /** Adds the span of every occurrence of every form in `text`, also where one begins inside another. */
  find(text: string, spans: [number, number][]): void {
    const each = (form: string) => {
      for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1)) spans.push([at, at + form.length]);
    };
    if (this.#all.size <= SEARCH_EACH_MAX) {
      for (const form of this.#all) each(form);
      return;
    }
    for (const form of this.#apart) each(form);
    if (!this.#byPrefix.size) return;
    const starts = this.#starts;
    for (let i = 0; i + PREFIX <= text.length; i++) {
      if (!starts[pairHash(text.charCodeAt(i), text.charCodeAt(i + 1))]) continue;
      const list = this.#byPrefix.get(text.slice(i, i + PREFIX));
      if (list) for (const form of list) if (text.startsWith(form, i)) spans.push([i, i + form.length]);
    }
  }
}

/**
 * Every secret is found in the text as it came, each by itself (also where it
 * begins inside another), and the union of what was found is masked: a secret
 * inside another, or overlapping it, never leaves a piece of the other showing,
 * whatever order they are looked for in. So an expression, once full, is never
 * rebuilt: a new secret goes into the one still filling (V8 compiles each
 * expression to code; rebuilding them all on each of a run's hundreds of secrets
 * was a large part of its memory).
 */
class Redactor {
  readonly #secrets = new Set<string>();
  /** Forms matched by plain search. */
  readonly #literals = new Literals();
  /** Expressions of bounded size, full. */
  readonly #full: RegExp[] = [];
  /** The sources of the expression still filling, and it compiled (undefined after a change). */
  #filling: string[] = [];
  #fillingSize = 0;
  #compiled: RegExp | undefined;

  /** Remembers a secret value; later texts never show it. Too-short values are ignored (they would mask ordinary words). */
  register(...values: Array<string | undefined>): void {
    for (const value of values) {
      if (typeof value !== 'string' || value.length < 4 || this.#secrets.has(value)) continue;
      this.#secrets.add(value);
      const m = matcher(value);
      if ('source' in m) this.#add(m.source);
      else for (const form of m.literals) this.#literals.add(form);
      for (const form of encodedForms(value)) this.#literals.add(form);
      const pair = basicPair(value);
      if (pair) this.register(pair, pair.slice(pair.indexOf(':') + 1));
    }
  }

  /** A value no rule named as a secret (a cookie, a field of a login answer): masked unless plain (`isPlain`). */
  registerUnnamed(...values: Array<string | undefined>): void {
    for (const value of values) if (typeof value === 'string' && !isPlain(value)) this.register(value.trim());
  }

  /**
   * An answer that creates or renews a session or a token, deny by default: every
   * value in its body (JSON, XML, form) and every header but HTTP's own is a secret,
   * unless its field is on `harmless` (names compared in any case) or it is plain.
   * A field a server adds tomorrow is masked without a change here.
   */
  registerAuthentication(headers: Iterable<[string, string]>, body: string, harmless: readonly string[]): void {
    const allowed = new Set(harmless.map((h) => h.toLowerCase()));
    for (const [name, value] of headers) if (!HTTP_HEADERS.has(name.toLowerCase()) && name.toLowerCase() !== 'set-cookie') this.registerUnnamed(value);
    for (const [name, value] of bodyValues(body)) if (!allowed.has(name.toLowerCase())) this.registerUnnamed(value);
  }

  /** What a request carries in a field named for a credential (query, form, JSON, XML): masked from now on, wherever a target echoes it. */
  registerNamed(query: URLSearchParams, body: string): void {
    for (const [name, value] of [...query, ...bodyValues(body)]) if (SECRET_FIELD_NAMES.has(name.toLowerCase())) this.register(value);
  }

  /** Token-shaped values anywhere in a text a target sent (JWTs, long random values): masked from now on, though nothing named them. */
  registerTokens(text: string): void {
    for (const [run] of text.matchAll(DOTTED_RUN)) {
      if (run.length < 16 || run.length > TOKEN_MAX || !run.includes('.')) continue;
      const parts = run.split('.');
      // Three base64url parts with dots between: a JWT when the first decodes to a JSON header with `alg`.
      for (let i = 0; i + 2 < parts.length; i++) {
        if ((parts[i] as string).length < 10 || !isJwt(parts[i] as string)) continue;
        const jwt = parts.slice(i, i + 3).join('.');
        this.register(jwt, ...parts.slice(i, i + 3).filter((part) => part.length >= 24));
      }
    }
    for (const [candidate] of text.matchAll(TOKEN_CANDIDATE))
      if (candidate.length >= 24 && candidate.length <= TOKEN_MAX && isTokenShaped(candidate)) this.register(candidate);
  }

  /** A Basic credential: the `user:password` pair, the password, and the base64 the header carries. */
  registerBasic(username: string, password: string): void {
    this.register(`${username}:${password}`, password, Buffer.from(`${username}:${password}`).toString('base64'));
  }

  redact(text: string): string {
    try {
      const original = String(text);
      const spans: [number, number][] = [];
      this.#literals.find(original, spans);
      for (const pattern of this.#expressions()) {
        // From the character after each match's start, not its end: a secret may begin inside another.
        pattern.lastIndex = 0;
        for (let m = pattern.exec(original); m; m = pattern.exec(original)) {
          spans.push([m.index, m.index + m[0].length]);
          pattern.lastIndex = m.index + 1;
        }
      }
      let out = maskSpans(original, spans);
      for (const [pattern, replacement] of FIELD_PATTERNS) out = out.replace(pattern, replacement);
      return out;
    } catch {
      // Whatever went wrong, the text may still hold a secret, and the error may quote one.
      return WITHHELD;
    }
  }

  /**
   * A header value with its credential masked: credential headers keep only their
   * scheme or cookie names. Other headers come back as they are: the text they
   * end up in goes through `redact` as a whole.
   */
  header(name: string, value: string): string {
    if (!SECRET_HEADERS.test(name)) return value;
    if (/^(cookie|set-cookie)$/i.test(name)) {
      // The cookies the harness sends are all masked; of those a target sets, the plain ones are shown (`Culture=en-US`).
      const setting = /^set-cookie$/i.test(name);
      return value.replace(/(^|;\s*)([^=;\s]+)=([^;]*)/g, (_m, sep: string, cookie: string, content: string) =>
        /^(path|domain|expires|max-age|samesite)$/i.test(cookie) || (setting && isPlain(content)) ? _m : `${sep}${cookie}=${MASK}`,
      );
    }
    const scheme = /^(basic|bearer)\s/i.exec(value)?.[1];
    return scheme ? `${scheme} ${MASK}` : MASK;
  }

  #add(source: string): void {
    if (this.#fillingSize + source.length + 1 > BUCKET_SOURCE_MAX && this.#filling.length) {
      this.#full.push(this.#compile());
      this.#filling = [];
      this.#fillingSize = 0;
    }
    this.#filling.push(source);
    this.#fillingSize += source.length + 1;
    this.#compiled = undefined;
  }

  #expressions(): RegExp[] {
    if (!this.#filling.length) return this.#full;
    return [...this.#full, (this.#compiled ??= this.#compile())];
  }

  /**
   * The expression still filling. Longest first: an alternation takes the first that
   * matches where it stands, and a secret holding another has the longer expression.
   */
  #compile(): RegExp {
    return new RegExp([...this.#filling].sort((a, b) => b.length - a.length).join('|'), 'g');
  }
}

/** Process-wide: a secret seen by any scenario stays masked for the rest of the run. */
export const redactor = new Redactor();
export const redact = (text: string): string => redactor.redact(text);
