import type { EventRegistry } from '@lle/application';
import type { Event } from '@lle/domain';
import type { EventMetadata, GlobalPosition, RecordedEvent, StreamRevision } from '@lle/event-store';
import type { EntityManager } from 'typeorm';
import { IDENTIFIER } from './sql';

/** A domain event of the current schema version, with where and when the store recorded it. */
export type ProjectedEvent<E extends Event = Event> = E & {
  readonly id: string;
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly position: GlobalPosition;
  readonly recordedAt: Date;
  readonly metadata: EventMetadata;
};

/**
 * One read model, answering one question. `apply` runs inside the runner's transaction, with the checkpoint
 * row locked, and must be idempotent: applied twice, the rows are unchanged. It writes only to `tables`,
 * named unqualified (a rebuild points them at scratch copies through the search path), and takes every
 * value from the event (no clock, no random ids), so a rebuild from zero gives the same rows.
 */
export interface Projection<E extends Event = Event> {
  readonly name: string;
  /** The event types it applies; every other event only moves its checkpoint on. */
  readonly handles: readonly E['type'][];
  /** Its read-model tables, unqualified. Only migrations create or change them. */
  readonly tables: readonly string[];
  apply(event: ProjectedEvent<E>, db: EntityManager): Promise<void>;
  /**
   * Optional, for rebuilds: the run an event can be folded into, or undefined. A rebuild hands `applyRun`
   * every maximal run of two or more consecutive events with the same key (events the projection does not
   * handle do not break a run), so that a run costs a few set-based statements rather than a few per event;
   * the live runner keeps applying events one by one.
   */
  foldKey?(event: ProjectedEvent<E>): string | undefined;
  /**
   * Applies a run of events sharing a `foldKey`, in order, leaving exactly the rows `apply` would leave
   * applying them one by one (idempotency included: an event already applied, before the run or earlier in
   * it, changes nothing).
   */
  applyRun?(events: readonly ProjectedEvent<E>[], db: EntityManager): Promise<void>;
  /**
   * Optional, for the live runner: applies, in one go and in order, every event of a batch that the
   * projection handles and its checkpoint does not cover yet, leaving what `apply` would leave applying them
   * one by one (idempotency included). Meant for a reactor whose side effect has a bulk form (one
   * round trip for a batch of jobs). If it throws, the runner rolls the batch's transaction back and applies
   * that batch's events one by one with `apply`, with its usual retries; rebuilds never call it.
   */
  applyBatch?(events: readonly ProjectedEvent<E>[], db: EntityManager): Promise<void>;
}

/** The recorded event upcast to the current schema version of its type. */
export function projectEvent(registry: EventRegistry, recorded: RecordedEvent): ProjectedEvent {
  const { type, data } = registry.upcast(recorded);
  const { id, streamId, revision, position, recordedAt, metadata } = recorded;
  return { type, data, id, streamId, revision, position, recordedAt, metadata };
}

/** Refuses a projection the runner or a rebuild could not handle safely: a programming error, found at start. */
export function assertValidProjections(projections: readonly Projection[], registry: EventRegistry): void {
  const names = new Set<string>();
  for (const projection of projections) {
    const { name, handles, tables } = projection;
    if (!IDENTIFIER.test(name)) throw new Error(`Projection name "${name}" must match ${IDENTIFIER}`);
    if (names.has(name)) throw new Error(`Two projections are named ${name}`);
    names.add(name);
    for (const table of tables) {
      if (!IDENTIFIER.test(table))
        throw new Error(`Projection ${name}: table "${table}" must match ${IDENTIFIER}`);
    }
    for (const type of handles) {
      if (!registry.has(type)) throw new Error(`Projection ${name} handles ${type}, which is not registered`);
    }
    if ((projection.foldKey === undefined) !== (projection.applyRun === undefined)) {
      throw new Error(`Projection ${name} must have both foldKey and applyRun, or neither`);
    }
  }
}
