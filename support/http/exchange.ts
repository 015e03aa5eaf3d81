import { Headers } from 'undici';
import { redact, redactor } from './redact.ts';

export type HeaderMap = Record<string, string | string[]>;

/** Headers as node:http and undici's `request` give them (a value, a list, or absent) as a fetch `Headers`. */
export function toHeaders(raw: Readonly<Record<string, string | readonly string[] | undefined>>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  return headers;
}

/** One request and its answer (or failure), as the harness saw it on the wire. */
export interface Exchange {
  readonly system: string;
  readonly request: { method: string; url: string; headers: HeaderMap; body: string };
  readonly response?: { status: number; headers: HeaderMap; body: string };
  readonly error?: string;
  readonly durationMs: number;
}

const lines = (prefix: string, headers: HeaderMap): string[] =>
  Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => `${prefix} ${name}: ${redactor.header(name, v)}`));

/** A short title: `POST /entity/auth/logout → 204`. */
const title = (ex: Exchange): string => `${ex.request.method} ${new URL(ex.request.url).pathname} → ${ex.response?.status ?? 'no answer'}`;

/**
 * Several exchanges as one text, in order, each headed by the step that made it and
 * shown as curl -v would show it, secrets masked: a scenario's whole conversation
 * with the target, read top to bottom.
 */
export function formatTranscript(entries: readonly { readonly step: string; readonly exchange: Exchange }[]): string {
  return redact(entries.map(({ step, exchange }, i) => `── ${i + 1}. ${title(exchange)}   (${step})\n${unmasked(exchange)}`).join('\n\n'));
}

/** One exchange, credential headers masked by name; the caller redacts the rest, once, over the whole. */
function unmasked(ex: Exchange): string {
  const out = [`${ex.request.method} ${ex.request.url}`, ...lines('>', ex.request.headers)];
  if (ex.request.body) out.push('>', ex.request.body);
  if (ex.response) {
    out.push('', `< ${ex.response.status} (${ex.durationMs} ms)`, ...lines('<', ex.response.headers));
    if (ex.response.body) out.push('<', ex.response.body);
  } else {
    out.push('', `! ${ex.error ?? 'no answer'} (${ex.durationMs} ms)`);
  }
  return out.join('\n');
}
