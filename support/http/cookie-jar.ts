import { redactor } from './redact/index.ts';

/**
 * The cookies of one session with one target. Deliberately simple: one host per
 * jar, so name is the key; a cookie expired by the server (Max-Age<=0, Expires in
 * the past, empty value) is dropped, which is how a sign-out shows on the wire.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  absorb(setCookies: ReadonlyArray<{ name: string; value: string; maxAge?: number; expires?: Date | number }>, now = Date.now()): void {
    for (const c of setCookies) {
      const expired = c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0) || (c.expires !== undefined && +c.expires <= now);
      if (expired) this.#cookies.delete(c.name);
      else {
        redactor.registerUnnamed(c.value);
        this.#cookies.set(c.name, c.value);
      }
    }
  }

  set(name: string, value: string): void {
    redactor.register(value);
    this.#cookies.set(name, value);
  }

  has(name: string): boolean {
    return this.#cookies.has(name);
  }

  get size(): number {
    return this.#cookies.size;
  }

  /** The `Cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined;
    return [...this.#cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }

  /** A copy, so a scenario can replay yesterday's cookies after a sign-out. */
  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [n, v] of this.#cookies) copy.#cookies.set(n, v);
    return copy;
  }
}
