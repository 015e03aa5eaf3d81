import { encodedForms, matcher } from './forms.ts';
import { Masks, maskHeader } from './mask.ts';
import { basicPair, bodyValues, HTTP_HEADERS, isPlain, SECRET_FIELD_NAMES, tokensIn } from './secrets.ts';

/**
 * The one place secrets are masked. Every secret the harness learns — from the
 * targets file, from a Set-Cookie, from a login answer — is registered here the
 * moment it is seen, and every text that leaves the process (attachments, error
 * messages, log lines, report files) passes through `redact`.
 *
 * Three rooms: what is a secret (`secrets.ts`: registered, deny by default in
 * authentication answers, token-shaped), the forms it takes (`forms.ts`), and
 * masking a text (`mask.ts`).
 *
 * It must not fail open: a secret of any length or character is masked in every form
 * it takes on the wire, and when masking itself goes wrong the text is withheld
 * rather than shown.
 */
export class Redactor {
  readonly #secrets = new Set<string>();
  readonly #masks = new Masks();

  /** Remembers a secret value; later texts never show it. Too-short values are ignored (they would mask ordinary words). */
  register(...values: Array<string | undefined>): void {
    for (const value of values) {
      if (typeof value !== 'string' || value.length < 4 || this.#secrets.has(value)) continue;
      this.#secrets.add(value);
      this.#masks.add(matcher(value));
      for (const form of encodedForms(value)) this.#masks.addLiteral(form);
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
    for (const token of tokensIn(text)) this.register(token);
  }

  /** A Basic credential: the `user:password` pair, the password, and the base64 the header carries. */
  registerBasic(username: string, password: string): void {
    this.register(`${username}:${password}`, password, Buffer.from(`${username}:${password}`).toString('base64'));
  }

  redact(text: string): string {
    return this.#masks.mask(text);
  }

  /** A header value with its credential masked (`maskHeader`); other headers as they are. */
  header(name: string, value: string): string {
    return maskHeader(name, value);
  }
}

/** Process-wide: a secret seen by any scenario stays masked for the rest of the run. */
export const redactor = new Redactor();
export const redact = (text: string): string => redactor.redact(text);

export { encodedForms } from './forms.ts';
export { MASK, WITHHELD } from './mask.ts';
export { isPlain, isTokenShaped } from './secrets.ts';
