import type { GlobalPosition } from '@lle/event-store';
import { select, type Queryable } from './sql';

export type CheckpointStatus = 'running' | 'paused';

/** A projection's row in projection_checkpoints. */
export interface Checkpoint {
  readonly name: string;
  /** Every event at or before this position has been dealt with; 0 before the first. */
  readonly position: GlobalPosition;
  readonly status: CheckpointStatus;
  readonly lastError: string | null;
  /** The position of the event it could not process, while paused. */
  readonly failedPosition: GlobalPosition | null;
  readonly failedAt: Date | null;
  readonly updatedAt: Date;
}

interface CheckpointRow {
  name: string;
  position: string;
  status: CheckpointStatus;
  last_error: string | null;
  failed_position: string | null;
  failed_at: Date | null;
  updated_at: Date;
}

const COLUMNS = 'name, position, status, last_error, failed_position, failed_at, updated_at';

/** Creates the rows of projections that have none yet, at position 0. */
export async function ensureCheckpoints(db: Queryable, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await db.query(
    `INSERT INTO projection_checkpoints (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
    [names],
  );
}

export async function readCheckpoints(db: Queryable, names: readonly string[]): Promise<Checkpoint[]> {
  const rows = await select<CheckpointRow>(
    db,
    `SELECT ${COLUMNS} FROM projection_checkpoints WHERE name = ANY($1::text[])`,
    [names],
  );
  return rows.map(toCheckpoint);
}

/**
 * Locks the projection's checkpoint row until the transaction ends (creating it first if need be). Every
 * writer of a projection's tables holds this lock, so they take turns, and what it returns is the position
 * the transaction builds on.
 */
export async function lockCheckpoint(db: Queryable, name: string): Promise<Checkpoint> {
  const lock = (): Promise<CheckpointRow[]> =>
    select<CheckpointRow>(db, `SELECT ${COLUMNS} FROM projection_checkpoints WHERE name = $1 FOR UPDATE`, [
      name,
    ]);
  let [row] = await lock();
  if (!row) {
    await ensureCheckpoints(db, [name]);
    [row] = await lock();
  }
  if (!row) throw new Error(`The checkpoint of projection ${name} vanished`);
  return toCheckpoint(row);
}

/**
 * Moves the checkpoint to `position`. Passing the event a projection was paused on means the problem is
 * gone, so the pause is lifted with it.
 */
export async function advanceCheckpoint(
  db: Queryable,
  name: string,
  position: GlobalPosition,
): Promise<void> {
  await db.query(
    `UPDATE projection_checkpoints
        SET position = $2,
            status = CASE WHEN failed_position IS NULL OR failed_position <= $2 THEN 'running' ELSE status END,
            last_error = CASE WHEN failed_position IS NULL OR failed_position <= $2 THEN NULL ELSE last_error END,
            failed_at = CASE WHEN failed_position IS NULL OR failed_position <= $2 THEN NULL ELSE failed_at END,
            failed_position = CASE WHEN failed_position <= $2 THEN NULL ELSE failed_position END,
            updated_at = now()
      WHERE name = $1`,
    [name, position.toString()],
  );
}

/** Stops the projection at the event it cannot process, saying why, for a person to look at. */
export async function pauseCheckpoint(
  db: Queryable,
  name: string,
  failedPosition: GlobalPosition,
  error: string,
): Promise<void> {
  await db.query(
    `UPDATE projection_checkpoints
        SET status = 'paused', last_error = $3, failed_position = $2, failed_at = now(), updated_at = now()
      WHERE name = $1`,
    [name, failedPosition.toString(), error],
  );
}

/** Sets the checkpoint to a rebuilt position and clears any pause: the rebuilt tables got past it. */
export async function resetCheckpoint(db: Queryable, name: string, position: GlobalPosition): Promise<void> {
  await db.query(
    `UPDATE projection_checkpoints
        SET position = $2, status = 'running', last_error = NULL, failed_position = NULL, failed_at = NULL,
            updated_at = now()
      WHERE name = $1`,
    [name, position.toString()],
  );
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    name: row.name,
    position: BigInt(row.position),
    status: row.status,
    lastError: row.last_error,
    failedPosition: row.failed_position === null ? null : BigInt(row.failed_position),
    failedAt: row.failed_at,
    updatedAt: row.updated_at,
  };
}
