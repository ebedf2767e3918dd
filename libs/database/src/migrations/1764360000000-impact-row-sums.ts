import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The impact evaluation's sums kept as its events come (projection `impact_evaluation`), so its dashboard
 * adds up a few hundred rows instead of every placement, and its local authority comes from the school
 * events the projection itself follows rather than the live schools read model:
 *
 * - `impact_schools`: each school's local authority, from its own events;
 * - `impact_placements.la_code`, `la_name`: the recipient school's local authority as `impact_schools` has it
 *   (null until the school is known); a school's change of LA moves its placements, as on the deployment
 *   dashboard;
 * - `impact_rows`: per academic year, alliance, local authority and phase, the placements by status and
 *   outcome, and the half-days agreed and delivered;
 * - `impact_competency_rows`: per cluster and competency and the same four keys, the evaluated placements
 *   that rated it by outcome, with the number and total of its ratings.
 *
 * Also an index for the deployment dashboard's drill-down, paged by (start date, placement id).
 *
 * The impact evaluation's existing rows have no local authority and no sums: its tables are emptied and its
 * checkpoint set back to the start, so the worker replays it from the first event (or run
 * `npm run projections:rebuild -- impact_evaluation`, which does the same into fresh tables).
 */
export class ImpactRowSums1764360000000 implements MigrationInterface {
  name = 'ImpactRowSums1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE impact_schools (
        urn           integer NOT NULL,
        la_code       text    NOT NULL,
        la_name       text    NOT NULL,
        last_position bigint  NOT NULL,
        CONSTRAINT impact_schools_pkey PRIMARY KEY (urn)
      )`);

    await db.query(`ALTER TABLE impact_placements ADD COLUMN la_code text, ADD COLUMN la_name text`);

    await db.query(`
      CREATE TABLE impact_rows (
        row_key             text    NOT NULL,
        academic_year       text    NOT NULL,
        alliance            text    NOT NULL,
        la_code             text,
        la_name             text,
        phase               text    NOT NULL,
        placements          integer NOT NULL,
        in_progress         integer NOT NULL,
        completed           integer NOT NULL,
        ended_early         integer NOT NULL,
        evaluated           integer NOT NULL,
        met                 integer NOT NULL,
        partly_met          integer NOT NULL,
        not_met             integer NOT NULL,
        half_days_agreed    integer NOT NULL,
        half_days_delivered integer NOT NULL,
        CONSTRAINT impact_rows_pkey PRIMARY KEY (row_key)
      )`);

    await db.query(`
      CREATE TABLE impact_competency_rows (
        row_key       text    NOT NULL,
        cluster_id    text    NOT NULL,
        competency_id text    NOT NULL,
        academic_year text    NOT NULL,
        alliance      text    NOT NULL,
        la_code       text,
        phase         text    NOT NULL,
        evaluated     integer NOT NULL,
        met           integer NOT NULL,
        partly_met    integer NOT NULL,
        not_met       integer NOT NULL,
        ratings       integer NOT NULL,
        rating_total  integer NOT NULL,
        CONSTRAINT impact_competency_rows_pkey PRIMARY KEY (row_key)
      )`);

    await db.query(
      `CREATE INDEX dashboard_placements_start_idx ON dashboard_placements (start_date, placement_id)`,
    );

    await db.query(`TRUNCATE impact_placements, impact_competencies, impact_clusters`);
    await db.query(`UPDATE projection_checkpoints SET position = 0 WHERE name = 'impact_evaluation'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX dashboard_placements_start_idx`);
    await db.query(`DROP TABLE impact_competency_rows, impact_rows, impact_schools`);
    await db.query(`ALTER TABLE impact_placements DROP COLUMN la_code, DROP COLUMN la_name`);
    await db.query(`TRUNCATE impact_placements, impact_competencies, impact_clusters`);
    await db.query(`UPDATE projection_checkpoints SET position = 0 WHERE name = 'impact_evaluation'`);
  }
}
