import { randomUUID } from 'node:crypto';
import type { EventMetadata, JsonValue } from '@lle/event-store';

/** One event as every system under test receives it: the shape the command pipeline writes. */
export interface BenchEvent {
  readonly id: string;
  readonly type: string;
  readonly data: { [key: string]: JsonValue };
  readonly metadata: EventMetadata;
}

/**
 * A RoundScheduled-sized event (about 250 bytes of data and 300 of metadata), with fresh ids, so that every
 * system stores, indexes and parses the same rows.
 */
export function benchEvent(streamId: string, sequence: number): BenchEvent {
  const commandId = randomUUID();
  return {
    id: randomUUID(),
    type: 'RoundScheduled',
    data: {
      roundId: streamId,
      alliance: 'CATSA',
      opensOn: '2030-01-14',
      closesOn: '2030-02-15',
      decisionsBy: '2030-03-22',
      inductionDates: ['2030-04-23', '2030-04-30'],
      sequence,
    },
    metadata: {
      actor: { subject: 'bench-admin', role: 'admin' },
      command: 'ScheduleRound',
      correlationId: randomUUID(),
      causationId: commandId,
      schemaVersion: 1,
      occurredAt: new Date().toISOString(),
    },
  };
}

export function benchEvents(streamId: string, firstSequence: number, count: number): BenchEvent[] {
  return Array.from({ length: count }, (_, index) => benchEvent(streamId, firstSequence + index));
}
