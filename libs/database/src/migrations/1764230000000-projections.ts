import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One checkpoint row per projection: the global position of the last event it has dealt with (applied or
 * skipped as not its business). The runner writes it in the same transaction as the projection's rows, and
 * locks it (SELECT ... FOR UPDATE) for the whole transaction, which is also how a rebuild holds the live
 * runner back while it swaps tables (libs/projections).
 *
 * A projection that cannot process an event is `paused`, with the error and the event's position kept here
 * for whoever looks: it never moves past that event on its own.
 */
export class Projections1764230000000 implements MigrationInterface {
  name = 'Projections1764230000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE projection_checkpoints (
        name            text        NOT NULL,
        position        bigint      NOT NULL DEFAULT 0,
        status          text        NOT NULL DEFAULT 'running',
        last_error      text,
        failed_position bigint,
        failed_at       timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT projection_checkpoints_pkey PRIMARY KEY (name),
        CONSTRAINT projection_checkpoints_position_not_negative CHECK (position >= 0),
        CONSTRAINT projection_checkpoints_status_known CHECK (status IN ('running', 'paused')),
        CONSTRAINT projection_checkpoints_paused_says_why CHECK (status <> 'paused' OR last_error IS NOT NULL)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE projection_checkpoints`);
  }
}
