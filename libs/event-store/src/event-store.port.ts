/**
 * The one event store interface of the system. Every adapter (PostgreSQL, EventStoreDB, in memory) is held
 * to the same contract suite: test/event-store/event-store.conformance.int.spec.ts.
 */

/** Revisions count from 0 within a stream; global positions grow strictly across the whole log. */
export type StreamRevision = number;
export type GlobalPosition = bigint;

export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;
export const ANY = 'any' as const;

/** A revision number (the revision of the stream's last event), or one of the three named forms. */
export type ExpectedRevision = StreamRevision | typeof NO_STREAM | typeof STREAM_EXISTS | typeof ANY;

/** Who did it and in what role; filled by the command pipeline. */
export interface Actor {
  readonly subject: string;
  readonly role: string;
  readonly alliance?: string;
}

/**
 * Metadata the pipeline fills for every event. The store keeps it as given; extra keys round-trip too.
 * `occurredAt` is an ISO-8601 UTC instant.
 */
export interface EventMetadata {
  readonly actor?: Actor;
  readonly command?: string;
  readonly occurredAt?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly schemaVersion?: number;
  readonly [key: string]: unknown;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface EventToAppend {
  /** Client-supplied UUID: re-appending the same ids is how a retried command stays harmless. */
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent extends EventToAppend {
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly position: GlobalPosition;
  /** When the store recorded it (server time). */
  readonly recordedAt: Date;
  /**
   * The event's link in its stream's hash chain (libs/event-store/src/hash-chain.ts): SHA-256 over its
   * stream, revision, content and the previous event's hash. Absent only for events written without it.
   */
  readonly hash?: string;
}

export interface AppendResult {
  /** The revision of the last event now in the stream. */
  readonly nextExpectedRevision: StreamRevision;
  /** The global position of the last event written. */
  readonly position: GlobalPosition;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive. Forwards it defaults to the first event, backwards to the last. */
  readonly fromRevision?: StreamRevision;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the very first event. */
  readonly after?: GlobalPosition;
  readonly maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive, like a checkpoint: the subscription starts with the first event after it. */
  readonly after?: GlobalPosition;
  /** Ends the subscription: the iterator finishes without error. */
  readonly signal?: AbortSignal;
}

export interface EventStore {
  /**
   * Appends events atomically. Throws WrongExpectedRevisionError when the stream is not at `expected`.
   * Appending the same event ids again with the same expected revision is a no-op returning the first result.
   */
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;

  /** A missing stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Events in global order after a position. Never skips an event that is committed later: what it returns
   * is final, so a reader may checkpoint past it.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Catches up from `after`, then follows live appends. Pull-based: a slow consumer slows the reading down
   * instead of making it buffer without bound.
   */
  subscribeToAll(options?: SubscribeToAllOptions): AsyncIterable<RecordedEvent>;

  /** The position of the last event in the log, or undefined when the log is empty. */
  headPosition(): Promise<GlobalPosition | undefined>;

  close(): Promise<void>;
}

/** The Nest injection token for the port. */
export const EVENT_STORE = Symbol('EVENT_STORE');
