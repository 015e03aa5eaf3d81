// The forms a secret takes on the wire: raw, JSON-, XML-, percent- and form-encoded,
// base64 and hex; as one expression for a short secret, as literal forms for the rest.

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
  tryAdd(() => lowerPercents(encodeURIComponent(secret)));
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

/**
 * Percent-encoding with small hex digits (`%c3%a9`). The encoded text is ASCII, so its
 * bytes are rewritten in place: neither a callback nor a string per `%` (megabyte
 * secrets have millions of them).
 */
function lowerPercents(encoded: string): string {
  const bytes = Buffer.from(encoded, 'latin1');
  // A-F to a-f in the two digits after each `%`.
  const lower = (at: number) => {
    const byte = bytes[at] as number;
    if (byte >= 0x41 && byte <= 0x46) bytes[at] = byte + 0x20;
  };
  for (let at = bytes.indexOf(0x25); at >= 0; at = bytes.indexOf(0x25, at + 1)) {
    lower(at + 1);
    lower(at + 2);
  }
  return bytes.toString('latin1');
}

/**
 * Each key replaced by its value, in order. Keys of one character (every map here but
 * one) are replaced in one pass over the text's UTF-16 code units, no string or callback
 * per match (megabyte secrets); that is the same as in order because no value holds a
 * later key. Longer keys: plain search.
 */
function replaceEach(text: string, map: Readonly<Record<string, string>>): string {
  const entries = Object.entries(map);
  if (!entries.every(([from]) => from.length === 1 && from.charCodeAt(0) < 128)) {
    let out = text;
    for (const [from, to] of entries) if (out.includes(from)) out = out.split(from).join(to);
    return out;
  }
  const by: (string | undefined)[] = new Array(128);
  for (const [from, to] of entries) by[from.charCodeAt(0)] = to;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    length += code < 128 ? (by[code]?.length ?? 1) : 1;
  }
  if (length === text.length) return text;
  // UTF-16 code units written little-endian by hand: lone surrogates stay as they were.
  const out = Buffer.allocUnsafe(length * 2);
  let o = 0;
  const put = (unit: number) => {
    out[o++] = unit & 0xff;
    out[o++] = unit >> 8;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const to = code < 128 ? by[code] : undefined;
    if (to === undefined) put(code);
    else for (let j = 0; j < to.length; j++) put(to.charCodeAt(j));
  }
  return out.toString('utf16le');
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
export type Matcher = { readonly source: string } | { readonly literals: readonly string[] };

/**
 * Letters and digits read the same in every encoding, so a secret of nothing else
 * (most session ids and tokens) is matched by plain search; a secret too long for
 * an expression, by its usual encoded forms.
 */
export function matcher(secret: string): Matcher {
  if (/^[A-Za-z0-9]+$/.test(secret)) return { literals: [secret] };
  const source = secret.length <= FLEXIBLE_MAX ? flexiblePattern(secret) : undefined;
  return source && source.length <= BUCKET_SOURCE_MAX ? { source } : { literals: literalForms(secret) };
}
