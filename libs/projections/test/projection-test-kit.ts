import { randomUUID } from 'node:crypto';
import { EventRegistry } from '@lle/application';
import { EVENT_TYPES } from '@lle/domain';
import type { EventStore, JsonValue } from '@lle/event-store';
import type { Projection, ProjectedEvent } from '../src';

/**
 * Test event types besides the domain's: NoteAdded v2 (v1 called its text `note`). `Unregistered` events
 * are in no registry: a runner that tried to upcast one would fail.
 */
export const testRegistry = new EventRegistry({
  ...EVENT_TYPES,
  NoteAdded: {
    schemaVersion: 2,
    upcasters: { 1: (data) => ({ text: (data as { note: string }).note }) },
  },
});

export type NoteAdded = { readonly type: 'NoteAdded'; readonly data: { readonly text: string } };

export async function appendNotes(
  store: EventStore,
  texts: readonly string[],
  stream = `notes-${randomUUID()}`,
) {
  const events = texts.map((text) =>
    text === '(unregistered)'
      ? { id: randomUUID(), type: 'Unregistered', data: {}, metadata: {} }
      : { id: randomUUID(), type: 'NoteAdded', data: { text } as JsonValue, metadata: { schemaVersion: 2 } },
  );
  return store.appendToStream(stream, events, 'any');
}

export interface NotesProjection extends Projection<NoteAdded> {
  /** How many times apply was called, per note text. */
  readonly calls: Map<string, number>;
}

/**
 * Writes one row per note into `table` (idempotent by position). `fail(text, call)` makes it throw after
 * writing its row, so a rollback is visible; `delayMs` keeps each apply (and its transaction) busy.
 */
export function notesProjection(
  name: string,
  table: string,
  options: { fail?: (text: string, call: number) => boolean; delayMs?: number } = {},
): NotesProjection {
  const calls = new Map<string, number>();
  return {
    name,
    handles: ['NoteAdded'],
    tables: [table],
    calls,
    async apply(event: ProjectedEvent<NoteAdded>, db) {
      const { text } = event.data;
      const call = (calls.get(text) ?? 0) + 1;
      calls.set(text, call);
      await db.query(
        `INSERT INTO ${table} (position, stream_id, text) VALUES ($1, $2, $3) ON CONFLICT (position) DO NOTHING`,
        [event.position.toString(), event.streamId, text],
      );
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.fail?.(text, call)) throw new Error(`cannot note "${text}"`);
    },
  };
}

/** Inserts without ON CONFLICT: an event applied twice is a unique violation, which pauses it. */
export function tallyProjection(name: string, table: string): Projection<NoteAdded> {
  return {
    name,
    handles: ['NoteAdded'],
    tables: [table],
    async apply(event, db) {
      await db.query(`INSERT INTO ${table} (position) VALUES ($1)`, [event.position.toString()]);
    },
  };
}

export const notesTable = (table: string): string =>
  `CREATE TABLE ${table} (position bigint PRIMARY KEY, stream_id text NOT NULL, text text NOT NULL)`;
export const tallyTable = (table: string): string => `CREATE TABLE ${table} (position bigint PRIMARY KEY)`;

/** Polls until `check` returns something other than undefined or false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
