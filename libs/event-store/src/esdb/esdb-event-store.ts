import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  CurrentRevision,
  EventData,
  JSONType,
  Position,
  ReadPosition,
  ResolvedEvent,
} from '@eventstore/db-client';

import { InvalidAppendError, WrongExpectedRevisionError } from '../event-store.errors';
import type { ActualRevision } from '../event-store.errors';
import type {
  AppendResult,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  JsonValue,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store.port';
import { sleep } from '../sleep';
import { CHAIN_METADATA_KEY, chainEvents, splitChainMetadata, type ChainLink } from '../hash-chain';

/** How many $all events one paged read asks for (readAll and headPosition read $all in pages). */
const ALL_PAGE_SIZE = 512;

/** ESDB encodes "no position" as the largest uint64; older servers send it for events read from a stream. */
const NO_POSITION = 2n ** 64n - 1n;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** How often an append to a stream that others are writing to is chained again on the new last event. */
const MAX_CHAIN_ATTEMPTS = 50;

interface ChainBase {
  readonly previousHash: string | null;
  readonly firstRevision: number;
  readonly expectedRevision: AppendExpectedRevision;
  /** Whether a refusal means another writer got in first (expected was 'any' or 'stream_exists'). */
  readonly rechainOnConflict: boolean;
}

type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

/**
 * The EventStore port on EventStoreDB (gRPC client 6.x).
 *
 * Positions are ESDB commit positions. For events appended through gRPC the commit and prepare positions are equal,
 * so one bigint identifies an event in $all and can be handed back to ESDB as {commit, prepare}.
 * System events (stream or type starting with `$`) belong to ESDB itself and never reach callers of $all.
 */
export class EsdbEventStore implements EventStore {
  /** The append in progress per stream in this process; the next one to the stream waits for it. */
  private readonly streamTurns = new Map<string, Promise<void>>();

  constructor(private readonly client: EventStoreDBClient) {}

  static fromConnectionString(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expected);
    // Appends to one stream from this process take turns, so they do not race each other for the chain.
    return this.inTurn(streamId, () => this.appendChained(streamId, events, expected));
  }

  private async appendChained(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    let result;
    // The hash chain needs the stream's last event, so 'any' and 'stream_exists' become the revision read;
    // a writer elsewhere that got in between makes the append fail, and it is chained again on the new last.
    for (let attempt = 1; ; attempt++) {
      const base = await this.chainBase(streamId, events, expected);
      const links = chainEvents(streamId, base.firstRevision, base.previousHash, events);
      try {
        // The client's default (throwOnAppendFailure) turns a refused expected revision into an exception.
        result = await this.client.appendToStream(streamId, toEventData(events, links), {
          expectedRevision: base.expectedRevision,
        });
        break;
      } catch (error) {
        const raced = base.rechainOnConflict && error instanceof WrongExpectedVersionError;
        if (!raced || attempt >= MAX_CHAIN_ATTEMPTS) throw translateAppendError(error, streamId, expected);
        await sleep(Math.random() * Math.min(attempt, 20));
      }
    }
    // Only a client built with throwOnAppendFailure=false answers a refusal instead of throwing it.
    if (!result.success) {
      const actual = result.nextExpectedRevision < 0n ? 'no_stream' : Number(result.nextExpectedRevision);
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
    const nextExpectedRevision = Number(result.nextExpectedRevision);
    const position =
      result.position?.commit ?? (await this.positionOfRevision(streamId, nextExpectedRevision));
    return { nextExpectedRevision, position };
  }

  private async inTurn<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const before = this.streamTurns.get(streamId) ?? Promise.resolve();
    const mine = before.then(work);
    const done = mine.then(
      () => undefined,
      () => undefined,
    );
    this.streamTurns.set(streamId, done);
    try {
      return await mine;
    } finally {
      if (this.streamTurns.get(streamId) === done) this.streamTurns.delete(streamId);
    }
  }

  /** Where the appended events join the stream's hash chain, and the expected revision that keeps it so. */
  private async chainBase(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<ChainBase> {
    if (expected === 'no_stream') {
      return { previousHash: null, firstRevision: 0, expectedRevision: NO_STREAM, rechainOnConflict: false };
    }
    if (typeof expected === 'number') {
      // The event at the expected revision; if the stream is elsewhere ESDB refuses (or answers a retry).
      const [at] = await this.readStream(streamId, { fromRevision: expected, maxCount: 1 });
      const previousHash = at?.revision === expected ? (at.hash ?? null) : null;
      return {
        previousHash,
        firstRevision: expected + 1,
        expectedRevision: BigInt(expected),
        rechainOnConflict: false,
      };
    }
    const [last] = await this.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    // A retry of these very events (they are the stream's last): ESDB answers it by their ids.
    if (last === undefined || events.some((event) => event.id === last.id)) {
      const named = toEsdbExpectedRevision(expected);
      const expectedRevision = last === undefined && expected === 'any' ? NO_STREAM : named;
      return {
        previousHash: null,
        firstRevision: 0,
        expectedRevision,
        rechainOnConflict: last === undefined,
      };
    }
    return {
      previousHash: last.hash ?? null,
      firstRevision: last.revision + 1,
      expectedRevision: BigInt(last.revision),
      rechainOnConflict: true,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const fromRevision =
      options.fromRevision !== undefined
        ? BigInt(options.fromRevision)
        : direction === 'forwards'
          ? START
          : END;

    const read = this.client.readStream(streamId, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision,
      ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        events.push(toRecordedEvent(resolved));
      }
    } catch (error) {
      // The port reads a stream that was never written as empty; ESDB reports it as an error.
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    // ESDB reads $all from a position inclusively; the port's `after` is exclusive, so we remember what to skip.
    let skipUpTo = options.after;
    let from: ReadPosition = options.after === undefined ? START : toEsdbPosition(options.after);

    // Paged, because the events we drop (system events, the one at `after`) must not make us return fewer than
    // maxCount while more events exist; each page is a bounded read that the server finishes on its own.
    while (events.length < limit) {
      const pageSize = Math.min(ALL_PAGE_SIZE, limit - events.length + 1);
      const page = await this.readAllPage(from, pageSize, 'forwards');
      for (const resolved of page) {
        const position = commitPositionOf(resolved);
        if (skipUpTo !== undefined && position <= skipUpTo) continue;
        if (isSystemEvent(resolved) || events.length >= limit) continue;
        events.push(toRecordedEvent(resolved));
      }
      const last = page.at(-1);
      if (page.length < pageSize || last === undefined) break;
      skipUpTo = commitPositionOf(last);
      from = toEsdbPosition(skipUpTo);
    }
    return events;
  }

  async *subscribeToAll(options: SubscribeToAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const { signal } = options;
    let after = options.after;
    while (!signal?.aborted) {
      try {
        for await (const resolved of this.followAll(after, signal)) {
          after = commitPositionOf(resolved);
          if (!isSystemEvent(resolved)) yield toRecordedEvent(resolved);
        }
        return; // Unsubscribed: aborted, or the client was closed.
      } catch (error) {
        if (signal?.aborted) return;
        // EventStoreDB up to 23.10 drops a live subscription whose consumer lags and asks the client to
        // resubscribe. Resuming right after the last event delivered keeps every event exactly once, in order.
        if (!isDroppedAsTooSlow(error)) throw error;
      }
    }
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    // Reading $all backwards until the first event that is ours: ESDB writes system events of its own.
    let from: ReadPosition = END;
    let before: bigint | undefined;
    for (;;) {
      const page = await this.readAllPage(from, ALL_PAGE_SIZE, 'backwards');
      for (const resolved of page) {
        const position = commitPositionOf(resolved);
        if (before !== undefined && position >= before) continue;
        if (!isSystemEvent(resolved)) return position;
      }
      const last = page.at(-1);
      if (page.length < ALL_PAGE_SIZE || last === undefined) return undefined;
      before = commitPositionOf(last);
      from = toEsdbPosition(before);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /**
   * One ESDB catch-up subscription to $all after `after` (exclusive, like the port). for-await pulls one event at
   * a time, so a slow consumer leaves events in gRPC flow control, not in memory. It ends without an error when
   * the signal aborts or the consumer stops iterating, and then tells the server to stop sending.
   */
  private async *followAll(
    after: GlobalPosition | undefined,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<AllStreamResolvedEvent> {
    // The server-side filter keeps ESDB's system event types off the wire; isSystemEvent also drops non-$ types
    // in $-streams, which that filter lets through.
    const subscription = this.client.subscribeToAll({
      fromPosition: after === undefined ? START : toEsdbPosition(after),
      filter: excludeSystemEvents(),
    });
    const unsubscribe = (): Promise<void> => subscription.unsubscribe().catch(() => undefined);
    // Cancelling the gRPC call ends the stream, which ends the for-await below without an error.
    const onAbort = (): void => void unsubscribe();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
        if (signal?.aborted) return;
        yield resolved;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await unsubscribe();
    }
  }

  /** One bounded read of $all, collected: small enough to hold, and the server ends it by itself. */
  private async readAllPage(
    from: ReadPosition,
    maxCount: number,
    direction: 'forwards' | 'backwards',
  ): Promise<AllStreamResolvedEvent[]> {
    const read = this.client.readAll({
      fromPosition: from,
      maxCount,
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
    });
    const page: AllStreamResolvedEvent[] = [];
    for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) page.push(resolved);
    return page;
  }

  /** An append answered without a position (idempotent retries on some servers): the event itself knows it. */
  private async positionOfRevision(streamId: string, revision: number): Promise<GlobalPosition> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (event === undefined || event.revision !== revision) {
      throw new Error(`EventStoreDB did not return a position for revision ${revision} of ${streamId}`);
    }
    return event.position;
  }
}

/** Checks what ESDB would reject less clearly (or not at all). */
function validateAppend(
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): void {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidAppendError('The stream id must be a non-empty string');
  }
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidAppendError(`Expected revision ${expected} is not a revision`);
  }
  // ESDB would accept an empty append, but it writes no event, so there is no AppendResult to give.
  if (events.length === 0) {
    throw new InvalidAppendError(`An append to ${streamId} needs at least one event`);
  }
  for (const event of events) {
    if (!UUID_PATTERN.test(event.id) || event.id === NIL_UUID) {
      throw new InvalidAppendError(`Event id ${String(event.id)} is not a UUID`);
    }
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw new InvalidAppendError(`Event ${event.id} has no type`);
    }
    assertSerialisable(event.id, 'data', event.data);
    assertSerialisable(event.id, 'metadata', event.metadata);
    if (CHAIN_METADATA_KEY in event.metadata) {
      throw new InvalidAppendError(
        `Event ${event.id} has metadata ${CHAIN_METADATA_KEY}, which the store keeps`,
      );
    }
  }
}

/** The client's JSON events, each with its link in the stream's hash chain in the metadata. */
function toEventData(events: readonly EventToAppend[], links: readonly ChainLink[]): EventData[] {
  return events.map((event, i) =>
    jsonEvent({
      id: event.id,
      type: event.type,
      // The client JSON.stringifies data and metadata as given; any JsonValue (numbers, null) round-trips.
      data: event.data as JSONType,
      metadata: { ...event.metadata, [CHAIN_METADATA_KEY]: links[i]! },
    }),
  );
}

function assertSerialisable(id: string, what: string, value: unknown): void {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidAppendError(`Event ${id} has ${what} that is not JSON: ${String(error)}`);
  }
  if (json === undefined) throw new InvalidAppendError(`Event ${id} has ${what} that is not JSON`);
}

function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

function translateAppendError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    return new WrongExpectedRevisionError(streamId, expected, toActualRevision(error.actualVersion));
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new InvalidAppendError(
      `The append to ${streamId} exceeds EventStoreDB's maximum append size of ${error.maxAppendSize} bytes`,
    );
  }
  return error;
}

/** ESDB ≤ 23.10: ABORTED "Operation timed out: Consumer too slow ... Client resubscription required." */
function isDroppedAsTooSlow(error: unknown): boolean {
  return error instanceof TimeoutError && /consumer too slow/i.test(error.message);
}

function toActualRevision(actual: CurrentRevision): ActualRevision {
  return actual === 'no_stream' ? 'no_stream' : Number(actual);
}

function toEsdbPosition(position: GlobalPosition): Position {
  return { commit: position, prepare: position };
}

/** ESDB's own events: its streams and its event types both start with `$` (links `$>` too). */
function isSystemEvent(resolved: AnyResolvedEvent): boolean {
  const event = resolved.event;
  return event === undefined || event.streamId.startsWith('$') || event.type.startsWith('$');
}

function commitPositionOf(resolved: AnyResolvedEvent): GlobalPosition {
  const candidates = [resolved.event?.position?.commit, resolved.commitPosition];
  const position = candidates.find((p): p is bigint => p !== undefined && p !== NO_POSITION);
  if (position === undefined) {
    throw new Error(
      `EventStoreDB returned event ${resolved.event?.id ?? '?'} without a position (server older than 22.6?)`,
    );
  }
  return position;
}

function toRecordedEvent(resolved: AnyResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (event === undefined) throw new Error('EventStoreDB returned a link without its event');
  const { metadata, link } = splitChainMetadata(metadataOf(event.metadata));
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: commitPositionOf(resolved),
    data: dataOf(event.id, event.isJson, event.data),
    metadata,
    // Client 6.x already converts ESDB's ticks into a Date (millisecond precision).
    recordedAt: event.created,
    ...(link ? { hash: link.hash } : {}),
  };
}

function dataOf(id: string, isJson: boolean, data: unknown): JsonValue {
  if (isJson) return data as JsonValue;
  // Not written by this system; accept it only if the bytes are JSON after all.
  try {
    return JSON.parse(Buffer.from(data as Uint8Array).toString('utf8')) as JsonValue;
  } catch {
    throw new Error(`Event ${id} holds binary data, not JSON`);
  }
}

/** The client parses JSON metadata; anything that is not a JSON object was not written through this port. */
function metadataOf(metadata: unknown): EventMetadata {
  const isObject =
    typeof metadata === 'object' &&
    metadata !== null &&
    !Array.isArray(metadata) &&
    !(metadata instanceof Uint8Array);
  return isObject ? (metadata as EventMetadata) : {};
}
