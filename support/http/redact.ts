/**
 * The one place secrets are masked. Every secret the harness learns — from the
 * targets file, from a Set-Cookie, from a login answer — is registered here the
 * moment it is seen, and every text that leaves the process (attachments, error
 * messages, log lines, report files) passes through `redact`.
 */
export const MASK = '«redacted»';

/** Headers whose whole value is a credential, whatever it looks like. */
const SECRET_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-authsessionid|x-csrf-token)$/i;

/** Field names whose values are secrets in forms, JSON, XML and query strings. */
const SECRET_FIELDS = [
  'password', 'pwd', 'authenticationticket', 'ticket', 'authsessionid', 'refreshtoken',
  'refresh_token', 'access_token', 'csrftoken', 'client_secret', 'otp',
];
const FIELD_ALT = SECRET_FIELDS.join('|');
const PATTERNS: Array<[RegExp, string]> = [
  // JSON: "password": "…"
  [new RegExp(`("(?:${FIELD_ALT})"\\s*:\\s*")[^"]*(")`, 'gi'), `$1${MASK}$2`],
  // form or query: password=…&
  [new RegExp(`(\\b(?:${FIELD_ALT})=)[^&\\s"'<]+`, 'gi'), `$1${MASK}`],
  // XML attribute: ticket="…"
  [new RegExp(`(\\b(?:${FIELD_ALT})=")[^"]*(")`, 'gi'), `$1${MASK}$2`],
  // XML element: <AuthenticationTicket>…</AuthenticationTicket>
  [new RegExp(`(<(${FIELD_ALT})>)[^<]*(</\\2>)`, 'gi'), `$1${MASK}$3`],
];

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

class Redactor {
  readonly #secrets = new Set<string>();
  /** Every secret in one alternation, longest first, so a run of hundreds costs one pass per text. */
  #pattern: RegExp | undefined;

  /** Remembers a secret value; later texts never show it. Too-short values are ignored (they would mask ordinary words). */
  register(...values: Array<string | undefined>): void {
    let added = false;
    for (const value of values) {
      if (value === undefined || value.length < 4 || this.#secrets.has(value)) continue;
      this.#secrets.add(value);
      // Percent-encoded and Basic-encoded forms travel on the wire too.
      const encoded = encodeURIComponent(value);
      if (encoded !== value) this.#secrets.add(encoded);
      added = true;
    }
    if (added) this.#pattern = new RegExp([...this.#secrets].sort((a, b) => b.length - a.length).map(escape).join('|'), 'g');
  }

  redact(text: string): string {
    let out = this.#pattern ? text.replace(this.#pattern, MASK) : text;
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
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
        /^(path|domain|expires|max-age|samesite)$/i.test(cookie) ? _m : `${sep}${cookie}=${MASK}`);
    }
    const scheme = /^(basic|bearer)\s/i.exec(value)?.[1];
    return scheme ? `${scheme} ${MASK}` : MASK;
  }

  /** How many secret values are known (for tests). */
  get size(): number {
    return this.#secrets.size;
  }
}

/** Process-wide: a secret seen by any scenario stays masked for the rest of the run. */
export const redactor = new Redactor();
export const redact = (text: string): string => redactor.redact(text);
