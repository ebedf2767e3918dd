import { batches } from './batches';

/** A source that yields the given items, pausing `ms` before each item listed in `pausesBefore`. */
async function* source(items: number[], pausesBefore: Record<number, number> = {}): AsyncGenerator<number> {
  for (const item of items) {
    const pause = pausesBefore[item];
    if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
    yield item;
  }
}

async function collect<T>(iterable: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const batch of iterable) all.push(batch);
  return all;
}

describe('batches', () => {
  it('cuts a stream that keeps coming at the maximum size', async () => {
    const items = Array.from({ length: 7 }, (_, i) => i + 1);
    expect(await collect(batches(source(items), 3, 50))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('applies what it has when the stream pauses, and keeps the item it was waiting for', async () => {
    const result = await collect(batches(source([1, 2, 3, 4, 5], { 3: 80 }), 10, 20));
    expect(result).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('ends with the stream, and yields nothing for an empty one', async () => {
    expect(await collect(batches(source([]), 3, 10))).toEqual([]);
    expect(await collect(batches(source([1]), 3, 10))).toEqual([[1]]);
  });

  it('reads at most one item ahead of the batch being worked on', async () => {
    let read = 0;
    async function* counting(): AsyncGenerator<number> {
      for (let i = 1; i <= 100; i++) {
        read = i;
        yield i;
      }
    }
    const iterator = batches(counting(), 5, 10)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual([1, 2, 3, 4, 5]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(read).toBeLessThanOrEqual(6);
    await iterator.return?.();
  });

  it('passes a failure of the source on to the consumer', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('connection lost');
    }
    await expect(collect(batches(failing(), 5, 10))).rejects.toThrow('connection lost');
  });
});
