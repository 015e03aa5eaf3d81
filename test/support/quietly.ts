/**
 * Runs `work` with `process.stdout` swapped for a buffer, for code that prints there
 * itself: cucumber's formatters in a run with its profile's formatters (runConformance)
 * take `process.stdout` when the run starts. What was printed is shown only when
 * `work` fails. The node:test reporter keeps the real stream, which it took at start.
 */
export async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(process, 'stdout');
  if (!descriptor) throw new Error('process.stdout has no property descriptor');
  const real = process.stdout;
  const printed: string[] = [];
  const buffer = Object.create(real, {
    write: {
      value: (chunk: string | Uint8Array, ...rest: unknown[]) => {
        printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
        const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        if (done) queueMicrotask(done);
        return true;
      },
    },
  }) as NodeJS.WriteStream;
  Object.defineProperty(process, 'stdout', { configurable: true, enumerable: true, get: () => buffer });
  try {
    return await work();
  } catch (err) {
    real.write(printed.join(''));
    throw err;
  } finally {
    Object.defineProperty(process, 'stdout', descriptor);
  }
}
