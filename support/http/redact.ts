/**
 * The one place secrets are masked. Every secret the harness learns — from the
 * targets file, from a Set-Cookie, from a login answer — is registered here the
 * moment it is seen, and every text that leaves the process (attachments, error
 * messages, log lines, report files) passes through `redact`.
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
  readonly #literals = new Set<string>();
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
      const pair = basicPair(value);
      if (pair) this.register(pair, pair.slice(pair.indexOf(':') + 1));
    }
  }

  /** A Basic credential: the `user:password` pair, the password, and the base64 the header carries. */
  registerBasic(username: string, password: string): void {
    this.register(`${username}:${password}`, password, Buffer.from(`${username}:${password}`).toString('base64'));
  }

  redact(text: string): string {
    try {
      const original = String(text);
      const spans: [number, number][] = [];
      for (const form of this.#literals) for (let at = original.indexOf(form); at >= 0; at = original.indexOf(form, at + 1)) spans.push([at, at + form.length]);
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
      return value.replace(/(^|;\s*)([^=;\s]+)=[^;]*/g, (_m, sep: string, cookie: string) =>
        /^(path|domain|expires|max-age|samesite)$/i.test(cookie) ? _m : `${sep}${cookie}=${MASK}`,
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
