/**
 * How a Flexi logout is asked for (the format) and what its answer shows: only what
 * the documents fix is decided (the status, the format, where a 303 leads); the
 * body they leave open is read when it parses and never makes an answer unreadable.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UndocumentedAnswer } from '../../verdicts.ts';
import type { HttpAnswer } from '../../http/client.ts';

/** How the answer's format is asked for. */
export type FlexiFormat = 'json' | 'xml' | 'json by Accept' | 'xml by Accept' | 'html' | 'json suffix with Accept xml';

export const FORMATS: Record<FlexiFormat, { suffix: string; accept?: string }> = {
  json: { suffix: '.json' },
  xml: { suffix: '.xml' },
  'json by Accept': { suffix: '', accept: 'application/json' },
  'xml by Accept': { suffix: '', accept: 'application/xml' },
  html: { suffix: '' },
  'json suffix with Accept xml': { suffix: '.json', accept: 'application/xml' },
};

export interface LogoutAnswer {
  readonly status: number;
  /**
   * Where the Location header leads: its path below the deployment's base URL (with
   * any query), whatever scheme and host it names; the absolute URL when its path is
   * not below the base. Null without a Location.
   */
  readonly redirect: string | null;
  /** The Location resolved to an absolute URL, recorded (its scheme and host are not judged). */
  readonly location: string | null;
  /** The answer's format, from its Content-Type, else from a body that shows it; undefined when nothing decides. */
  readonly kind: 'json' | 'xml' | 'html' | undefined;
  /** How the format was decided, or why it could not be. */
  readonly kindBy: string;
  /** The parsed body, for JSON and XML that parse. */
  readonly body: unknown;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

/** Reads a logout answer; only a Location that is no URL makes it unreadable. */
export function readLogoutAnswer(answer: HttpAnswer, base: URL, where: string): LogoutAnswer {
  const { kind, kindBy } = formatOf(answer);
  return {
    status: answer.status,
    ...redirectOf(answer, base, where),
    kind,
    kindBy,
    body: parsed(answer.body, kind),
  };
}

/**
 * The format: the Content-Type names it; without one that does, a body that parses
 * as JSON or XML, or an HTML page, shows it; else it is undecided, with the reason.
 */
export function formatOf(answer: HttpAnswer): { kind: LogoutAnswer['kind']; kindBy: string } {
  const type = (answer.headers.get('content-type') ?? '').toLowerCase();
  for (const kind of ['json', 'xml', 'html'] as const) if (type.includes(kind)) return { kind, kindBy: `Content-Type ${type}` };
  const body = answer.body.trim();
  const because = type ? `Content-Type ${type}` : 'no Content-Type';
  if (body === '') return { kind: undefined, kindBy: `${because} and no body` };
  if (/^(<!doctype html|<html)/i.test(body)) return { kind: 'html', kindBy: `${because}, an HTML body` };
  if (parsed(body, 'json') !== undefined) return { kind: 'json', kindBy: `${because}, a JSON body` };
  if (body.startsWith('<') && parsed(body, 'xml') !== undefined) return { kind: 'xml', kindBy: `${because}, an XML body` };
  return { kind: undefined, kindBy: `${because} and a body that is neither JSON, XML nor HTML` };
}

function parsed(body: string, kind: LogoutAnswer['kind']): unknown {
  if (body.trim() === '') return undefined;
  if (kind === 'json') {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }
  if (kind === 'xml' && XMLValidator.validate(body) === true) return xml.parse(body) as unknown;
  return undefined;
}

/** Where an answer's Location leads, judged by its path below the base (LogoutAnswer.redirect), and the URL it names. */
export function redirectOf(answer: HttpAnswer, base: URL, where: string): { redirect: string | null; location: string | null } {
  const location = resolvedLocation(answer, where);
  return location === null ? { redirect: null, location: null } : { redirect: pathBelow(location, base), location: location.href };
}

/** The Location resolved against the request (RFC 9110 allows relative and absolute). */
function resolvedLocation(answer: HttpAnswer, where: string): URL | null {
  const location = answer.headers.get('location');
  if (location === null) return null;
  try {
    return new URL(location, answer.url);
  } catch {
    throw new UndocumentedAnswer('flexi', where, `answered ${answer.status} with a Location that is not a URL: ${location.slice(0, 80)}`);
  }
}

/**
 * A URL's path below the base path, whatever its origin: a deployment behind a
 * front end may name that front end's host or scheme, which the documents leave open.
 */
function pathBelow(url: URL, base: URL): string {
  const prefix = base.pathname.replace(/\/$/, '');
  const below = prefix === '' || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
  return below ? url.pathname.slice(prefix.length) + url.search : url.href;
}

/** Whether the body carries the winstrom envelope with its success flag (an assumption for the logout's 200 and 404). */
export function carriesWinstrom(answer: LogoutAnswer): boolean {
  const success = (answer.body as { winstrom?: { success?: unknown } } | undefined)?.winstrom?.success;
  return answer.kind === 'json' ? typeof success === 'string' : answer.kind === 'xml' && success !== undefined;
}

/** The documented error envelope, as the report shows it: `winstrom success="false"` (in JSON a string; XML has only text). */
export const ERROR_ENVELOPE = 'winstrom success="false"';

/** Which error envelope an answer carries, worded like ERROR_ENVELOPE. */
export function errorEnvelope(answer: LogoutAnswer): string {
  const winstrom = (answer.body as { winstrom?: { success?: unknown } } | undefined)?.winstrom;
  if (winstrom === undefined) return `no winstrom envelope (${answer.kind ?? 'undecided'} by ${answer.kindBy})`;
  const success =
    answer.kind === 'xml' ? `"${String(winstrom.success)}"` : typeof winstrom.success === 'string' ? `"${winstrom.success}"` : String(winstrom.success);
  return `winstrom success=${success}`;
}
