const PAUSED = Symbol('paused');

/**
 * Groups a pull-based stream into batches: a batch ends at `maxSize` items, or when no next item arrives
 * within `idleMs` (the stream has caught up and paused), or when the stream ends. A slow consumer slows the
 * reading down: at most one item is read ahead, while the consumer works on the batch it was given.
 * Returning (or breaking out of a for-await) waits for that read ahead: end the source first.
 */
export async function* batches<T>(
  source: AsyncIterable<T>,
  maxSize: number,
  idleMs: number,
): AsyncGenerator<T[], void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let ahead: Promise<IteratorResult<T>> | undefined;
  let finished = false;
  try {
    while (!finished) {
      ahead ??= iterator.next();
      const first = await ahead;
      ahead = undefined;
      if (first.done) return;
      const batch = [first.value];
      while (batch.length < maxSize) {
        ahead = iterator.next();
        const next = await within(ahead, idleMs);
        if (next === PAUSED) break;
        ahead = undefined;
        if (next.done) {
          finished = true;
          break;
        }
        batch.push(next.value);
      }
      yield batch;
    }
  } finally {
    // A read still in flight is waited for, so nothing is left running on the source's connections: the
    // caller ends the source first (aborts its subscription), or this waits for its next item.
    if (ahead) await ahead.catch(() => undefined);
    await iterator.return?.();
  }
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof PAUSED> {
  let timer: NodeJS.Timeout | undefined;
  const paused = new Promise<typeof PAUSED>((resolve) => (timer = setTimeout(() => resolve(PAUSED), ms)));
  return Promise.race([promise, paused]).finally(() => clearTimeout(timer));
}
