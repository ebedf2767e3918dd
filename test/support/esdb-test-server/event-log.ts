/**
 * The in-memory transaction log behind the test server: one global log of events, indexed by stream, with
 * EventStoreDB's rules for expected versions and idempotent writes (IndexWriter.CheckCommit in the server source).
 */

/** ESDB's own encoding of expected versions: a revision (>= 0) or one of these. */
export const ExpectedVersion = {
  NoStream: -1,
  Any: -2,
  StreamExists: -4,
} as const;

/** "No stream" as a current version, as ESDB reports it. */
export const NO_STREAM_VERSION = -1;

export interface ProposedEvent {
  /** Canonical UUID (lower case, hyphenated), as ESDB's Guid prints it back. */
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly streamName: string;
  readonly revision: number;
  /** Commit position; equal to the prepare position, as for every event written through gRPC. */
  readonly position: bigint;
  /** 100 ns ticks since the Unix epoch, ESDB's `created` metadata. */
  readonly createdTicks: bigint;
}

export type AppendOutcome =
  | { readonly kind: 'written'; readonly currentRevision: number; readonly position: bigint }
  | { readonly kind: 'idempotent'; readonly currentRevision: number; readonly position: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: number };

/** Roughly the bytes an ESDB prepare record spends besides its payload, so positions look like log offsets. */
const RECORD_OVERHEAD = 92n;
const utf8 = new TextEncoder();

export class EventLog {
  private readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  /** ESDB keeps a bounded cache of recent event ids for idempotency with `any`; this keeps them all. */
  private readonly eventsById = new Map<string, StoredEvent>();
  /** Positions where a record starts: only those (and the end of the log) may be read from. */
  private readonly recordStarts = new Set<bigint>([0n]);
  private nextPosition = 0n;
  private appendListeners = new Set<() => void>();
  private readonly everyAppendListeners = new Set<() => void>();

  get length(): number {
    return this.events.length;
  }

  /** Where the next record will be written (ESDB's writer checkpoint). */
  get endPosition(): bigint {
    return this.nextPosition;
  }

  at(index: number): StoredEvent {
    const event = this.events[index];
    if (event === undefined) throw new RangeError(`No event at index ${index}`);
    return event;
  }

  streamEvents(streamName: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamName);
  }

  /** The revision of the stream's last event, or -1 when it has none. */
  lastRevisionOf(streamName: string): number {
    return (this.streams.get(streamName)?.length ?? 0) - 1;
  }

  /** Reading $all from the middle of a record fails on a real server ("invalid position"). */
  isReadablePosition(position: bigint): boolean {
    return position >= this.nextPosition || this.recordStarts.has(position);
  }

  /** Index of the first event whose position is >= `position` (length when there is none). */
  firstIndexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.at(middle).position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Calls `listener` once, at the next append. Returns a function that cancels the call. */
  onNextAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  /** Calls `listener` after every append until the returned function is called. */
  onEveryAppend(listener: () => void): () => void {
    this.everyAppendListeners.add(listener);
    return () => this.everyAppendListeners.delete(listener);
  }

  append(streamName: string, expectedVersion: number, proposed: readonly ProposedEvent[]): AppendOutcome {
    const refusal = this.checkCommit(streamName, expectedVersion, proposed);
    if (refusal !== undefined) return refusal;
    const outcome = proposed.length === 0 ? this.writeEmpty(streamName) : this.write(streamName, proposed);
    this.notifyAppend();
    return outcome;
  }

  /** ESDB's commit check: undefined means "write it"; otherwise the answer to give instead. */
  private checkCommit(
    streamName: string,
    expectedVersion: number,
    proposed: readonly ProposedEvent[],
  ): AppendOutcome | undefined {
    const current = this.lastRevisionOf(streamName);
    const wrongVersion: AppendOutcome = { kind: 'wrong_expected_version', currentRevision: current };

    // A stream "exists" for ESDB once it has events or metadata.
    if (
      expectedVersion === ExpectedVersion.StreamExists &&
      current < 0 &&
      this.lastRevisionOf(`$$${streamName}`) < 0
    ) {
      return wrongVersion;
    }
    if (expectedVersion === ExpectedVersion.Any || expectedVersion === ExpectedVersion.StreamExists) {
      return this.checkIdempotencyById(streamName, proposed, wrongVersion);
    }
    if (expectedVersion < current) {
      return this.checkIdempotencyAtRevisions(streamName, expectedVersion, proposed, wrongVersion);
    }
    if (expectedVersion > current) return wrongVersion;
    return undefined;
  }

  /** `any` / `stream_exists`: a retry is recognised by its event ids, wherever they landed in the stream. */
  private checkIdempotencyById(
    streamName: string,
    proposed: readonly ProposedEvent[],
    wrongVersion: AppendOutcome,
  ): AppendOutcome | undefined {
    let last: StoredEvent | undefined;
    for (const [index, event] of proposed.entries()) {
      const stored = this.eventsById.get(event.id);
      if (stored === undefined || stored.streamName !== streamName) {
        // None written before: a new write. Some written before: "corrupted idempotency", refused.
        return index === 0 ? undefined : wrongVersion;
      }
      last = stored;
    }
    if (last === undefined) return undefined;
    return { kind: 'idempotent', currentRevision: last.revision, position: last.position };
  }

  /** A revision (or no_stream) behind the stream: a retry iff the same ids sit right after that revision. */
  private checkIdempotencyAtRevisions(
    streamName: string,
    expectedVersion: number,
    proposed: readonly ProposedEvent[],
    wrongVersion: AppendOutcome,
  ): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    let revision = expectedVersion;
    for (const event of proposed) {
      revision += 1;
      if (stream[revision]?.id !== event.id) return wrongVersion;
    }
    const last = stream[revision];
    if (revision === expectedVersion || last === undefined) return wrongVersion;
    return { kind: 'idempotent', currentRevision: last.revision, position: last.position };
  }

  private write(streamName: string, proposed: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    const createdTicks = nowInTicks();
    let last: StoredEvent | undefined;
    for (const event of proposed) {
      const stored: StoredEvent = {
        ...event,
        streamName,
        revision: stream.length,
        position: this.nextPosition,
        createdTicks,
      };
      stream.push(stored);
      this.events.push(stored);
      this.eventsById.set(stored.id, stored);
      this.recordStarts.add(stored.position);
      this.nextPosition += recordSize(stored);
      last = stored;
    }
    if (last === undefined) throw new Error('write() needs events');
    return { kind: 'written', currentRevision: last.revision, position: last.position };
  }

  /** ESDB accepts an empty append: it writes an empty record (no event) and answers with its position. */
  private writeEmpty(streamName: string): AppendOutcome {
    const position = this.nextPosition;
    this.recordStarts.add(position);
    this.nextPosition += RECORD_OVERHEAD + BigInt(utf8.encode(streamName).length);
    return { kind: 'written', currentRevision: this.lastRevisionOf(streamName), position };
  }

  private notifyAppend(): void {
    const listeners = this.appendListeners;
    this.appendListeners = new Set();
    for (const listener of [...listeners, ...this.everyAppendListeners]) listener();
  }
}

function recordSize(event: StoredEvent): bigint {
  const payload =
    utf8.encode(event.streamName).length +
    utf8.encode(event.type).length +
    event.data.length +
    event.metadata.length;
  return RECORD_OVERHEAD + BigInt(payload);
}

function nowInTicks(): bigint {
  // performance.now() keeps sub-millisecond precision; ESDB's ticks are 100 ns.
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 10_000));
}
