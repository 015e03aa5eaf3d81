// Markup built by one template tag that escapes every value put in it: a value is
// text unless it is already Html (made here, from escaped parts or from a constant
// of this generator). Whatever a target sent reaches a page only as text.

/** A piece of markup this generator made; only `html` and `trusted` make one. */
export class Html {
  readonly #text: string;
  private constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
  /** @internal the one door in: callers use `html` or `trusted`. */
  static of(text: string): Html {
    return new Html(text);
  }
}

export type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as it must appear in an element or a quoted attribute. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.toString();
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return escapeHtml(String(part));
}

/** The template tag: literal parts are markup, every interpolated value is escaped unless it is Html. */
export function html(strings: TemplateStringsArray, ...values: readonly Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return Html.of(out);
}

/** Markup from a source this generator trusts (markdown-it with HTML off, over the project's own feature files). */
export const trusted = (markup: string): Html => Html.of(markup);

/** A list of parts as one piece of markup. */
export const join = (parts: readonly Part[], separator: Part = ''): Html => Html.of(parts.map(render).join(render(separator)));

/**
 * JSON for a `<script type="application/json">` element: `<`, `>`, `&` and the line
 * separators as \u escapes, so no value can end the element or open a comment, and
 * JSON.parse of the element's text gives the value back.
 */
export const jsonForScript = (value: unknown): Html =>
  Html.of(JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));

/** A fragment id from a clause id or a name: letters, digits, `-`, `_` and `.` stay; the rest becomes `-`. */
export const anchor = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '-');
