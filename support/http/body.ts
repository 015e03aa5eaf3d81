import { once } from 'node:events';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';

// Body decoding: an answer's bytes read within a bound, its content codings undone,
// and its text read in its charset, as any correct client reads them.

/** An answer came but its body cannot be read: too large, or in a coding that does not decode. */
export class UnreadableAnswer extends Error {
  readonly partial: string;
  constructor(message: string, partial = '') {
    super(message);
    this.partial = partial;
  }
}

const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * The body, its content codings undone, never more than `max` bytes kept — before or
 * after decoding, so neither a flood nor a zip bomb fills memory. Past the limit
 * the answer is abandoned (its connection closed) and what was read comes back.
 */
export async function readBody(body: Readable, contentEncoding: string | null, max: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  const unknown = codings.find((c) => !DECODERS[c]);
  if (unknown) {
    abandon(body);
    throw new UnreadableAnswer(`answer in a content coding the harness cannot read (${unknown})`);
  }
  let failed: string | undefined;
  let source: Readable = body;
  if (codings.length) {
    // Codings are listed in the order applied: undone from the last.
    const outermost = codings.at(-1) === 'deflate' ? await inflaterFor(body) : undefined;
    const stages = [
      counter(max),
      ...codings.toReversed().map((c, i) => ((i === 0 && outermost) || (DECODERS[c] as () => Transform))().once('error', () => (failed ??= c))),
    ];
    source = pipeline([body, ...stages], () => {}) as unknown as Readable;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (size + chunk.length > max) {
        chunks.push(chunk.subarray(0, max - size));
        abandon(body);
        return { bytes: Buffer.concat(chunks), tooLarge: true };
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (err) {
    if (err instanceof TooManyBytes) return { bytes: Buffer.concat(chunks), tooLarge: true };
    if (failed) throw new UnreadableAnswer(`answer could not be decoded as ${failed} (${(err as Error).message})`);
    throw err;
  } finally {
    abandon(body);
  }
  return { bytes: Buffer.concat(chunks), tooLarge: false };
}

class TooManyBytes extends Error {}

/** Closes an answer not read to its end; undici reports that as an error nobody needs to hear. */
function abandon(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

/** Passes bytes on until `max` have passed, then fails the pipeline: the raw side of the bound. */
function counter(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > max ? new TooManyBytes() : null, seen > max ? undefined : chunk);
    },
  });
}

/**
 * `deflate` is zlib-wrapped (RFC 9110), but servers have long sent it raw: when it
 * was applied last, its first bytes tell which. They are put back for the decoder.
 */
async function inflaterFor(body: Readable): Promise<() => Transform> {
  await once(body, 'readable');
  const first = body.read() as Buffer | null;
  if (!first) return createInflate;
  body.unshift(first);
  const zlib = first.length >= 2 && ((first[0] as number) & 0x0f) === 8 && ((first[0] as number) * 256 + (first[1] as number)) % 31 === 0;
  return zlib ? createInflate : createInflateRaw;
}

const BOMS: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/**
 * The body as text: a byte order mark decides the charset, then the Content-Type's
 * `charset`, then an XML declaration's `encoding` for XML, then UTF-8 (JSON's only
 * charset). A charset no decoder knows is read as UTF-8.
 */
export function decodeText(bytes: Buffer, contentType: string | null): string {
  const bom = BOMS.find(([mark]) => mark.every((b, i) => bytes[i] === b));
  const type = (contentType ?? '').toLowerCase();
  const declared = /;\s*charset\s*=\s*"?([^";\s]+)/.exec(type)?.[1];
  const xml = /[/+]xml\b/.test(type)
    ? /^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1]
    : undefined;
  const label = bom?.[1] ?? declared ?? xml ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}
