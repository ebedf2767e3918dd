import { InvalidAppendError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store.port';
import { chainEvents } from '../hash-chain';

/** An event store in process memory, for fast tests of everything above the port. */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private waiters: Array<() => void> = [];

  constructor(private readonly clock: () => Date = () => new Date()) {}

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (!streamId) throw new InvalidAppendError('A stream id is required');
    if (events.length === 0) throw new InvalidAppendError(`No events to append to ${streamId}`);
    const stream = this.streams.get(streamId) ?? [];
    const duplicate = this.findDuplicate(streamId, events, expected);
    if (duplicate) return duplicate;

    const current = stream.length - 1;
    const actual = stream.length === 0 ? 'no_stream' : current;
    const matches =
      expected === 'any' ||
      (expected === 'no_stream' && stream.length === 0) ||
      (expected === 'stream_exists' && stream.length > 0) ||
      expected === current;
    if (!matches) throw new WrongExpectedRevisionError(streamId, expected, actual);
    for (const event of events) {
      if (this.byId.has(event.id)) throw new WrongExpectedRevisionError(streamId, expected, actual);
    }

    const recordedAt = this.clock();
    const stored = events.map((event) => structuredClone(event));
    const links = chainEvents(streamId, stream.length, stream.at(-1)?.hash ?? null, stored);
    for (const [i, event] of stored.entries()) {
      const recorded: RecordedEvent = {
        ...event,
        streamId,
        revision: stream.length,
        position: BigInt(this.log.length + 1),
        recordedAt,
        hash: links[i]!.hash,
      };
      stream.push(recorded);
      this.log.push(recorded);
      this.byId.set(event.id, recorded);
    }
    this.streams.set(streamId, stream);
    this.wakeSubscribers();
    const last = stream[stream.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const stream = this.streams.get(streamId) ?? [];
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (options.direction === 'backwards') {
      const from = options.fromRevision ?? stream.length - 1;
      return stream
        .filter((event) => event.revision <= from)
        .reverse()
        .slice(0, maxCount);
    }
    const from = options.fromRevision ?? 0;
    return stream.filter((event) => event.revision >= from).slice(0, maxCount);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const start = Number(options.after ?? 0n);
    return this.log.slice(start, start + (options.maxCount ?? this.log.length));
  }

  async *subscribeToAll(options: SubscribeToAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { signal } = options;
    let next = Number(options.after ?? 0n);
    while (!signal?.aborted) {
      const event = this.log[next];
      if (event) {
        yield event;
        next++;
      } else {
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            signal?.removeEventListener('abort', wake);
            resolve();
          };
          this.waiters.push(wake);
          signal?.addEventListener('abort', wake, { once: true });
        });
      }
    }
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    return this.log.at(-1)?.position;
  }

  async close(): Promise<void> {
    this.wakeSubscribers();
  }

  private findDuplicate(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): AppendResult | undefined {
    const first = this.byId.get(events[0]!.id);
    if (!first || first.streamId !== streamId) return undefined;
    const sameIds = events.every((event, i) => {
      const stored = this.byId.get(event.id);
      return stored?.streamId === streamId && stored.revision === first.revision + i;
    });
    const sameExpected =
      expected === 'any' ||
      (expected === 'no_stream' && first.revision === 0) ||
      (expected === 'stream_exists' && first.revision > 0) ||
      expected === first.revision - 1;
    if (!sameIds || !sameExpected) return undefined;
    const last = this.byId.get(events[events.length - 1]!.id)!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  private wakeSubscribers(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
