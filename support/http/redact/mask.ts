import type { Matcher } from './forms.ts';
import { isPlain, SECRET_FIELDS, SECRET_HEADERS } from './secrets.ts';

// Masking a text: every form of every secret found in one text, the union of what
// was found masked, then the credentials that stand in a field named for one.

export const MASK = '«redacted»';

/** What `redact` returns when it could not mask a text: nothing of the text, so nothing of its secrets. */
export const WITHHELD = '«text withheld: redaction failed»';

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
 * Past this much source, secrets' expressions are not merged: V8's cost of compiling
 * an alternation grows faster than its length, and a few more expressions to search
 * a text with cost less than compiling one large one.
 */
const MERGED_SOURCE_MAX = 2048;

/** Expressions over many secrets' sources, each compiled when first used. */
interface Expression {
  readonly sources: readonly string[];
  readonly size: number;
  pattern?: RegExp;
}

/**
 * Every secret is found in the text as it came, each by itself (also where it
 * begins inside another), and the union of what was found is masked: a secret
 * inside another, or overlapping it, never leaves a piece of the other showing,
 * whatever order they are looked for in. So the secrets' expressions may be split
 * any way: they are kept as a binary counter, a new secret's expression merged with
 * the last ones while those are no larger, up to a bound: no compiled expression is
 * thrown away for each new secret (V8 compiles each expression to code on its first
 * use: recompiling one of every secret so far for each new one was most of the
 * redaction of a process's first run), a text is searched by a few of them, and a
 * source is compiled again only as often as its expression doubles.
 */
export class Masks {
  /** Forms matched by plain search. */
  readonly #literals = new Literals();
  /** Largest first; each holds at most `MERGED_SOURCE_MAX` of source unless it is one secret's alone. */
  readonly #expressions: Expression[] = [];

  add(m: Matcher): void {
    if ('source' in m) this.#add(m.source);
    else for (const form of m.literals) this.#literals.add(form);
  }

  addLiteral(form: string): void {
    this.#literals.add(form);
  }

  /** The text with every secret masked, then every value of a field named for a credential; withheld whole when masking fails. */
  mask(text: string): string {
    try {
      const original = String(text);
      const spans: [number, number][] = [];
      this.#literals.find(original, spans);
      for (const expression of this.#expressions) {
        const pattern = (expression.pattern ??= compile(expression.sources));
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

  #add(source: string): void {
    let sources = [source];
    let size = source.length + 1;
    for (let last = this.#expressions.at(-1); last && last.size <= size && last.size + size <= MERGED_SOURCE_MAX; last = this.#expressions.at(-1)) {
      this.#expressions.pop();
      sources = [...last.sources, ...sources];
      size += last.size;
    }
    this.#expressions.push({ sources, size });
  }
}

/**
 * One expression of several secrets. Longest first: an alternation takes the first
 * that matches where it stands, and a secret holding another has the longer expression.
 */
const compile = (sources: readonly string[]): RegExp => new RegExp([...sources].sort((a, b) => b.length - a.length).join('|'), 'g');

/**
 * A header value with its credential masked: credential headers keep only their
 * scheme or cookie names. Other headers come back as they are: the text they
 * end up in is masked as a whole.
 */
export function maskHeader(name: string, value: string): string {
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
