// What is a secret: named by where it stands (a header, a field), unnamed but in an
// authentication answer (deny by default), or shaped like a token.

/** Headers whose whole value is a credential, whatever it looks like. */
export const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-authsessionid|x-csrf-token)$/i;

/** Field names whose values are secrets in forms, JSON, XML and query strings. */
export const SECRET_FIELDS: readonly string[] = [
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
export const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set(SECRET_FIELDS);

/** `user:password` inside a Basic credential, when the value is one: its pair and password travel decoded in places too. */
export function basicPair(value: string): string | undefined {
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
export const HTTP_HEADERS: ReadonlySet<string> = new Set([
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

/** Token-shaped values anywhere in a text (JWTs and their long parts, long random values), though nothing named them. */
export function* tokensIn(text: string): Generator<string> {
  for (const [run] of text.matchAll(DOTTED_RUN)) {
    if (run.length < 16 || run.length > TOKEN_MAX || !run.includes('.')) continue;
    const parts = run.split('.');
    // Three base64url parts with dots between: a JWT when the first decodes to a JSON header with `alg`.
    for (let i = 0; i + 2 < parts.length; i++) {
      if ((parts[i] as string).length < 10 || !isJwt(parts[i] as string)) continue;
      yield parts.slice(i, i + 3).join('.');
      yield* parts.slice(i, i + 3).filter((part) => part.length >= 24);
    }
  }
  for (const [candidate] of text.matchAll(TOKEN_CANDIDATE))
    if (candidate.length >= 24 && candidate.length <= TOKEN_MAX && isTokenShaped(candidate)) yield candidate;
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
export function* bodyValues(body: string): Generator<[string, string]> {
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
