// The find box's query language, written once: the site's script carries these two
// functions as their source text (each is self-contained: no import, no outer
// name), and the unit tests call them here.

/** One clause as the find box searches it. */
export interface FindRow {
  /** System key. */
  readonly s: string;
  /** Clause id. */
  readonly id: string;
  /** Level: MUST or ASSUMPTION. */
  readonly l: string;
  /** Status by deployment name. */
  readonly st: Readonly<Record<string, string>>;
  /** Changed against the baseline (or the previous run of the history). */
  readonly ch: boolean;
  /** Id, title, passage, scenario names and observations, lower case. */
  readonly text: string;
}

export interface FindQuery {
  readonly words: readonly string[];
  /** Filter name → values (any of them may match). */
  readonly filters: Readonly<Record<string, readonly string[]>>;
}

/** `status:failed system:flexi 404` → words and filters; an unknown `name:` is a word; values lower case, `not verified` written `not-verified`. */
export function parseFindQuery(query: string): FindQuery {
  const names = ['system', 'deployment', 'status', 'level', 'changed'];
  const words: string[] = [];
  const filters: Record<string, string[]> = {};
  for (const token of query.toLowerCase().split(/\s+/)) {
    if (!token) continue;
    const at = token.indexOf(':');
    const name = at > 0 ? token.slice(0, at) : '';
    if (names.indexOf(name) >= 0 && at < token.length - 1) (filters[name] = filters[name] || []).push(token.slice(at + 1));
    else words.push(token);
  }
  return { words, filters };
}

/** Whether a clause matches: every word and every filter (values of one filter are alternatives; deployment and status hold of one deployment). */
export function findMatches(row: FindRow, query: FindQuery): boolean {
  const f = query.filters;
  const any = (values: readonly string[] | undefined, actual: string) => !values || values.some((v) => actual.toLowerCase() === v);
  if (!any(f.system, row.s) || !any(f.level, row.l)) return false;
  if (f.changed && !f.changed.some((v) => (v === 'yes' || v === 'true') === row.ch)) return false;
  const deployments = Object.keys(row.st).filter((d) => any(f.deployment, d));
  if (deployments.length === 0) return false;
  if (f.status && !deployments.some((d) => any(f.status, String(row.st[d]).replace(/ /g, '-')))) return false;
  return query.words.every((w) => row.text.indexOf(w) >= 0);
}
