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

interface Compiled {
  /** Long secrets, each form masked by plain search; longest first. */
  readonly literals: readonly string[];
  /** Short secrets in expressions of bounded size, longest secrets in the first. */
  readonly buckets: readonly RegExp[];
}

/** How one secret is matched: in an expression, or (too long for one) by its literal forms. */
type Matcher = { readonly source: string } | { readonly literals: readonly string[] };

function matcher(secret: string): Matcher {
  const source = secret.length <= FLEXIBLE_MAX ? flexiblePattern(secret) : undefined;
  return source && source.length <= BUCKET_SOURCE_MAX ? { source } : { literals: literalForms(secret) };
}

class Redactor {
  /** Each secret with its matcher, made once: a megabyte secret's forms are costly to make. */
  readonly #secrets = new Map<string, Matcher>();
  /** Built on the first redaction after a registration, not on each registration. */
  #compiled: Compiled | undefined;

  /** Remembers a secret value; later texts never show it. Too-short values are ignored (they would mask ordinary words). */
  register(...values: Array<string | undefined>): void {
    for (const value of values) {
      if (typeof value !== 'string' || value.length < 4 || this.#secrets.has(value)) continue;
      this.#secrets.set(value, matcher(value));
      this.#compiled = undefined;
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
      let out = String(text);
      const { literals, buckets } = (this.#compiled ??= this.#compile());
      for (const form of literals) if (out.includes(form)) out = out.split(form).join(MASK);
      for (const pattern of buckets) out = out.replace(pattern, MASK);
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

  #compile(): Compiled {
    const sorted = [...this.#secrets].sort(([a], [b]) => b.length - a.length);
    const literals: string[] = [];
    const sources: string[] = [];
    for (const [, m] of sorted) {
      if ('source' in m) sources.push(m.source);
      else literals.push(...m.literals);
    }
    const buckets: RegExp[] = [];
    let bucket: string[] = [];
    let size = 0;
    const close = () => {
      if (bucket.length) buckets.push(new RegExp(bucket.join('|'), 'g'));
      bucket = [];
      size = 0;
    };
    for (const source of sources) {
      if (size + source.length + 1 > BUCKET_SOURCE_MAX) close();
      bucket.push(source);
      size += source.length + 1;
    }
    close();
    // A form of a longer secret may hold a shorter one: longest first, so the longer is masked whole.
    literals.sort((a, b) => b.length - a.length);
    return { literals, buckets };
  }
}

/** Process-wide: a secret seen by any scenario stays masked for the rest of the run. */
export const redactor = new Redactor();
export const redact = (text: string): string => redactor.redact(text);
