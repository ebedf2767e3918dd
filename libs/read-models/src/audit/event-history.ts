import type { EventMetadata, EventStore, GlobalPosition, JsonValue, RecordedEvent } from '@lle/event-store';

/**
 * One stored event as an auditor reads it: where it sits, its metadata (who, in what role, which command,
 * correlation and causation ids, when) and its payload exactly as stored. Sealed personal data stays sealed
 * and erased data stays erased: history never opens or rewrites what the log holds.
 */
export interface HistoryEntry {
  /** The global position, as a string (a bigint in the store). */
  readonly position: string;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly recordedAt: string;
  readonly actor: { readonly subject: string; readonly role: string; readonly alliance?: string } | null;
  readonly command: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly occurredAt: string | null;
  readonly schemaVersion: number | null;
  /** Every metadata key as stored, the ones above included. */
  readonly metadata: EventMetadata;
  readonly data: JsonValue;
}

/** Filters over all events; every one given must hold. Times are compared with when the store recorded it. */
export interface EventFilter {
  readonly actor?: string;
  readonly type?: string;
  readonly from?: Date;
  readonly to?: Date;
}

export interface EventPage {
  readonly events: HistoryEntry[];
  /**
   * Pass as `after` for the next page: the last position looked at (matching or not). Null when the end of
   * the log was reached.
   */
  readonly next: string | null;
  /** How many events were looked at to fill the page. */
  readonly scanned: number;
}

export interface PageOptions {
  /** Exclusive: events strictly after this global position. */
  readonly after?: GlobalPosition;
  readonly limit?: number;
  /** The most events one page looks at before answering with what it found (and `next`). */
  readonly scanLimit?: number;
}

const CHUNK = 1_000;
const DEFAULT_LIMIT = 100;
const DEFAULT_SCAN_LIMIT = 50_000;

export function toHistoryEntry(event: RecordedEvent): HistoryEntry {
  const { metadata } = event;
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return {
    position: event.position.toString(),
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.id,
    type: event.type,
    recordedAt: event.recordedAt.toISOString(),
    actor: metadata.actor ?? null,
    command: text(metadata.command),
    correlationId: text(metadata.correlationId),
    causationId: text(metadata.causationId),
    occurredAt: text(metadata.occurredAt),
    schemaVersion: typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : null,
    metadata,
    data: event.data,
  };
}

export function matchesFilter(event: RecordedEvent, filter: EventFilter): boolean {
  if (filter.actor !== undefined && event.metadata.actor?.subject !== filter.actor) return false;
  if (filter.type !== undefined && event.type !== filter.type) return false;
  const at = event.recordedAt.getTime();
  if (filter.from !== undefined && at < filter.from.getTime()) return false;
  if (filter.to !== undefined && at > filter.to.getTime()) return false;
  return true;
}

/**
 * Reads history straight from the event store (the source of truth, not a read model) through its port, so
 * it answers the same on every adapter: a stream in order, everything one correlation id touched, and all
 * events filtered by actor, type and time, paged by global position.
 */
export class EventHistory {
  constructor(private readonly store: EventStore) {}

  /** Every event of the stream, oldest first; empty when there is no such stream. */
  async stream(streamId: string): Promise<HistoryEntry[]> {
    return (await this.store.readStream(streamId)).map(toHistoryEntry);
  }

  /** Every event carrying the correlation id, in global order, across every stream it touched. */
  async correlation(correlationId: string): Promise<HistoryEntry[]> {
    const found: HistoryEntry[] = [];
    await this.scan(undefined, Number.POSITIVE_INFINITY, (event) => {
      if (event.metadata.correlationId === correlationId) found.push(toHistoryEntry(event));
      return true;
    });
    return found;
  }

  /** One page of the events matching the filter, in global order after `after`. */
  async search(filter: EventFilter, page: PageOptions = {}): Promise<EventPage> {
    const limit = page.limit ?? DEFAULT_LIMIT;
    const events: HistoryEntry[] = [];
    const { last, scanned, ended } = await this.scan(
      page.after,
      page.scanLimit ?? DEFAULT_SCAN_LIMIT,
      (event) => {
        if (matchesFilter(event, filter)) events.push(toHistoryEntry(event));
        return events.length < limit;
      },
    );
    return { events, next: ended ? null : (last?.toString() ?? null), scanned };
  }

  /**
   * Visits events in global order after `after` until `visit` says stop, `scanLimit` events were looked at,
   * or the log ends.
   */
  private async scan(
    after: GlobalPosition | undefined,
    scanLimit: number,
    visit: (event: RecordedEvent) => boolean,
  ): Promise<{ last: GlobalPosition | undefined; scanned: number; ended: boolean }> {
    let last = after;
    let scanned = 0;
    for (;;) {
      const wanted = Math.min(CHUNK, scanLimit - scanned);
      const chunk = await this.store.readAll({ after: last === 0n ? undefined : last, maxCount: wanted });
      for (const event of chunk) {
        scanned++;
        last = event.position;
        if (!visit(event)) return { last, scanned, ended: false };
      }
      if (chunk.length < wanted) return { last, scanned, ended: true };
      if (scanned >= scanLimit) return { last, scanned, ended: false };
    }
  }
}
