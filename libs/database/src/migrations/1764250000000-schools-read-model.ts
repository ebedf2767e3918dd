import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The schools read model (libs/read-models/src/schools): one row per URN as the GIAS imports left it.
 * `last_position` makes applying an event twice a no-op, so a rebuild gives the same rows.
 */
export class SchoolsReadModel1764250000000 implements MigrationInterface {
  name = 'SchoolsReadModel1764250000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE schools (
        urn             integer     NOT NULL,
        name            text        NOT NULL,
        la_code         text        NOT NULL,
        la_name         text        NOT NULL,
        phase           text        NOT NULL,
        status          text        NOT NULL,
        recorded_at     timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        stream_revision integer     NOT NULL,
        last_position   bigint      NOT NULL,
        CONSTRAINT schools_pkey PRIMARY KEY (urn)
      )`);
    await db.query(`CREATE INDEX schools_la_code_phase_idx ON schools (la_code, phase)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE schools`);
  }
}
