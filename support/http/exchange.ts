import { Headers } from 'undici';
import { redact, redactor } from './redact/index.ts';

export type HeaderMap = Record<string, string | string[]>;

/** Headers as node:http and undici's `request` give them (a value, a list, or absent) as a fetch `Headers`. */
export function toHeaders(raw: Readonly<Record<string, string | readonly string[] | undefined>>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  return headers;
}

/**
 * One request and its answer (or failure), as the harness saw it on the wire; a
 * body decoded (content coding, charset) and bounded by `evidence`. An answer that
 * could not be read whole has both its response and the error.
 */
export interface Exchange {
  readonly system: string;
  readonly request: { method: string; url: string; headers: HeaderMap; body: string };
  readonly response?: { status: number; headers: HeaderMap; body: string };
  readonly error?: string;
  readonly durationMs: number;
}

/** How much of one body an exchange keeps as evidence. */
export const EVIDENCE_MAX_CHARS = 64 * 1024;

/** A byte count as a person reads it: `512 bytes`, `64 KiB`, `3.2 MiB`. */
export function formatBytes(n: number): string {
  const [unit, size] = n >= 1 << 20 ? ['MiB', 1 << 20] : n >= 1 << 10 ? ['KiB', 1 << 10] : ['bytes', 1];
  return `${unit === 'bytes' ? n : Number((n / size).toFixed(1))} ${unit}`;
}

/**
 * A body as an exchange keeps it: whole when short, else its beginning with a
 * visible marker (`note` says why it ends there, if not for this limit). A long body
 * is masked before it is cut: half a secret is no longer recognised afterwards.
 */
export function evidence(body: string, note?: string, max = EVIDENCE_MAX_CHARS): string {
  if (body.length <= max && note === undefined) return body;
  const masked = body.length <= max ? body : redact(body);
  if (masked.length <= max) return note === undefined ? masked : `${masked}… [${note}]`;
  const kept = masked.slice(0, max).replace(/[\uD800-\uDBFF]$/, '');
  return `${kept}… [truncated: ${formatBytes(Buffer.byteLength(masked.slice(kept.length)))} more${note === undefined ? '' : `; ${note}`}]`;
}

const lines = (prefix: string, headers: HeaderMap): string[] =>
  Object.entries(headers).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${prefix} ${name}: ${redactor.header(name, v)}`));

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
    if (ex.error) out.push('', `! ${ex.error}`);
  } else {
    out.push('', `! ${ex.error ?? 'no answer'} (${ex.durationMs} ms)`);
  }
  return out.join('\n');
}
