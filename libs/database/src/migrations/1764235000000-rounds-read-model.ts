import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The application rounds read model (libs/read-models/src/rounds): one row per round, as its events left it.
 * Every column comes from the events (times are when the store recorded them), so a rebuild from zero gives
 * the same rows. `last_position` makes applying an event twice a no-op. The phase (upcoming, open, closed)
 * depends on today's date, so it is computed when queried, not stored.
 */
export class RoundsReadModel1764235000000 implements MigrationInterface {
  name = 'RoundsReadModel1764235000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE rounds (
        round_id        uuid        NOT NULL,
        alliance        text        NOT NULL,
        opens_on        date        NOT NULL,
        closes_on       date        NOT NULL,
        decisions_by    date        NOT NULL,
        induction_dates date[]      NOT NULL DEFAULT '{}',
        closed_early_on date,
        close_reason    text,
        scheduled_at    timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        stream_revision integer     NOT NULL,
        last_position   bigint      NOT NULL,
        CONSTRAINT rounds_pkey PRIMARY KEY (round_id)
      )`);
    await db.query(`CREATE INDEX rounds_alliance_opens_on_idx ON rounds (alliance, opens_on)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rounds`);
  }
}
