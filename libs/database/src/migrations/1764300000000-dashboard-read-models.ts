import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard read models (libs/read-models/src/dashboards), one projection per question:
 *
 * - projection `deployment_dashboard`: `dashboard_schools` (each school's local authority and phase, from
 *   the schools' own events), `dashboard_placements` (one row per placement: its row key, status, days
 *   agreed and transferred, the guideline and its override), `dashboard_days` (each day logged, with the
 *   academic year of its date), `dashboard_placement_years` (the facts the dashboard adds up: one row per
 *   placement and academic year it has days agreed or delivered in, keyed like the dashboard's rows),
 *   `dashboard_rows` (their sums per row, what the dashboard reads), `dashboard_lle_loads` (each LLE's
 *   placements per academic year against the capacity applied),
 *   `dashboard_requests` (each request with its row key and when it was decided), `dashboard_lles` and
 *   `dashboard_lle_statuses` (each LLE's alliance, school and capacity, and every change of status with the
 *   date it took effect, so "designated and active" can be asked of any date);
 * - projection `impact_evaluation`: `impact_placements` (one row per placement: objectives, outcomes and
 *   evidence, days agreed and delivered, how it ended), `impact_competencies` (one row per placement and
 *   competency rated) and `impact_clusters` (each cluster's name and framework).
 *
 * Every value comes from the events; rows are keyed by the ids the events carry and written guarded by
 * `last_position`, or recomputed from the projection's own rows, so a rebuild from zero gives the same rows.
 * No foreign keys, serial columns, triggers or views: a rebuild swaps each table on its own.
 */
export class DashboardReadModels1764300000000 implements MigrationInterface {
  name = 'DashboardReadModels1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dashboard_schools (
        urn           integer NOT NULL,
        la_code       text    NOT NULL,
        la_name       text    NOT NULL,
        phase         text    NOT NULL,
        last_position bigint  NOT NULL,
        CONSTRAINT dashboard_schools_pkey PRIMARY KEY (urn)
      )`);

    await db.query(`
      CREATE TABLE dashboard_placements (
        placement_id              text    NOT NULL,
        request_id                text    NOT NULL,
        alliance                  text    NOT NULL,
        lle_id                    text    NOT NULL,
        recipient_urn             integer NOT NULL,
        la_code                   text,
        la_name                   text,
        phase                     text    NOT NULL,
        academic_year             text    NOT NULL,
        status                    text    NOT NULL,
        start_date                date    NOT NULL,
        end_point_date            date    NOT NULL,
        ended_on                  date,
        half_days_agreed          integer NOT NULL,
        transfers                 jsonb   NOT NULL DEFAULT '{}',
        half_days_transferred     integer NOT NULL DEFAULT 0,
        half_days_delivered       integer NOT NULL DEFAULT 0,
        day_rate_pence            integer NOT NULL,
        guideline_half_days       integer NOT NULL,
        over_guideline            boolean NOT NULL,
        guideline_override_reason text,
        capacity_half_days        integer NOT NULL,
        last_position             bigint  NOT NULL,
        CONSTRAINT dashboard_placements_pkey PRIMARY KEY (placement_id)
      )`);
    await db.query(`CREATE INDEX dashboard_placements_recipient_idx ON dashboard_placements (recipient_urn)`);
    await db.query(
      `CREATE INDEX dashboard_placements_lle_idx ON dashboard_placements (lle_id, academic_year)`,
    );

    await db.query(`
      CREATE TABLE dashboard_days (
        placement_id  text    NOT NULL,
        day_id        text    NOT NULL,
        day_date      date    NOT NULL,
        academic_year text    NOT NULL,
        half_days     integer NOT NULL,
        voided        boolean NOT NULL DEFAULT false,
        CONSTRAINT dashboard_days_pkey PRIMARY KEY (placement_id, day_id)
      )`);

    await db.query(`
      CREATE TABLE dashboard_placement_years (
        placement_id          text    NOT NULL,
        academic_year         text    NOT NULL,
        alliance              text    NOT NULL,
        la_code               text,
        la_name               text,
        phase                 text    NOT NULL,
        lle_id                text    NOT NULL,
        placement_year        boolean NOT NULL,
        status                text    NOT NULL,
        half_days_agreed      integer NOT NULL,
        half_days_delivered   integer NOT NULL,
        half_days_transferred integer NOT NULL,
        half_days_remaining   integer NOT NULL,
        over_guideline        boolean NOT NULL,
        override_reason       text,
        CONSTRAINT dashboard_placement_years_pkey PRIMARY KEY (placement_id, academic_year)
      )`);
    // The dashboard groups every row of a selection; the filters come in any combination.
    await db.query(
      `CREATE INDEX dashboard_placement_years_row_idx
          ON dashboard_placement_years (academic_year, alliance, la_code, phase)`,
    );
    await db.query(
      `CREATE INDEX dashboard_placement_years_alliance_idx ON dashboard_placement_years (alliance, academic_year)`,
    );
    // The few rows behind "LLEs deployed" and the override reasons, read on every dashboard.
    await db.query(
      `CREATE INDEX dashboard_placement_years_in_progress_idx ON dashboard_placement_years (academic_year)
        WHERE placement_year AND status = 'in_progress'`,
    );
    await db.query(
      `CREATE INDEX dashboard_placement_years_over_guideline_idx ON dashboard_placement_years (academic_year)
        WHERE over_guideline`,
    );

    // The sums of dashboard_placement_years per row, kept as each placement's rows are recomputed.
    await db.query(`
      CREATE TABLE dashboard_rows (
        row_key               text    NOT NULL,
        alliance              text    NOT NULL,
        la_code               text,
        la_name               text,
        phase                 text    NOT NULL,
        academic_year         text    NOT NULL,
        placements            integer NOT NULL,
        in_progress           integer NOT NULL,
        completed             integer NOT NULL,
        ended_early           integer NOT NULL,
        over_guideline        integer NOT NULL,
        half_days_agreed      integer NOT NULL,
        half_days_delivered   integer NOT NULL,
        half_days_transferred integer NOT NULL,
        half_days_remaining   integer NOT NULL,
        CONSTRAINT dashboard_rows_pkey PRIMARY KEY (row_key)
      )`);

    // Each LLE's placements per academic year, recounted whenever one of them changes.
    await db.query(`
      CREATE TABLE dashboard_lle_loads (
        lle_id              text    NOT NULL,
        academic_year       text    NOT NULL,
        capacity_half_days  integer NOT NULL,
        placements          integer NOT NULL,
        in_progress         integer NOT NULL,
        half_days_agreed    integer NOT NULL,
        half_days_delivered integer NOT NULL,
        half_days_remaining integer NOT NULL,
        CONSTRAINT dashboard_lle_loads_pkey PRIMARY KEY (lle_id, academic_year)
      )`);

    await db.query(`
      CREATE TABLE dashboard_requests (
        request_id     text    NOT NULL,
        alliance       text    NOT NULL,
        recipient_urn  integer NOT NULL,
        la_code        text,
        la_name        text,
        phase          text    NOT NULL,
        academic_year  text    NOT NULL,
        requested_on   date    NOT NULL,
        status         text    NOT NULL,
        decided_on     date,
        last_position  bigint  NOT NULL,
        CONSTRAINT dashboard_requests_pkey PRIMARY KEY (request_id)
      )`);
    await db.query(
      `CREATE INDEX dashboard_requests_row_idx ON dashboard_requests (academic_year, alliance, la_code, phase)`,
    );
    await db.query(`CREATE INDEX dashboard_requests_recipient_idx ON dashboard_requests (recipient_urn)`);
    // Waiting on a recent date: the few not decided yet, or decided after it.
    await db.query(`CREATE INDEX dashboard_requests_decided_idx ON dashboard_requests (decided_on)`);

    await db.query(`
      CREATE TABLE dashboard_lles (
        lle_id          text    NOT NULL,
        alliance        text    NOT NULL,
        school_urn      integer NOT NULL,
        la_code         text,
        la_name         text,
        phase           text,
        designated_from date    NOT NULL,
        days_per_year   integer NOT NULL,
        last_position   bigint  NOT NULL,
        CONSTRAINT dashboard_lles_pkey PRIMARY KEY (lle_id)
      )`);
    await db.query(`CREATE INDEX dashboard_lles_school_idx ON dashboard_lles (school_urn)`);

    await db.query(`
      CREATE TABLE dashboard_lle_statuses (
        lle_id       text   NOT NULL,
        position     bigint NOT NULL,
        status       text   NOT NULL,
        effective_on date   NOT NULL,
        ends_on      date,
        CONSTRAINT dashboard_lle_statuses_pkey PRIMARY KEY (lle_id, position)
      )`);

    await db.query(`
      CREATE TABLE impact_placements (
        placement_id         text    NOT NULL,
        alliance             text    NOT NULL,
        lle_id               text    NOT NULL,
        recipient_urn        integer NOT NULL,
        phase                text    NOT NULL,
        academic_year        text    NOT NULL,
        status               text    NOT NULL,
        start_date           date    NOT NULL,
        end_point_date       date    NOT NULL,
        ended_on             date,
        end_reason           text,
        half_days_agreed     integer NOT NULL,
        days                 jsonb   NOT NULL DEFAULT '{}',
        voided_days          jsonb   NOT NULL DEFAULT '{}',
        half_days_delivered  integer NOT NULL DEFAULT 0,
        objectives           jsonb   NOT NULL,
        cluster_id           text,
        evaluated_on         date,
        outcome              text,
        evaluation           jsonb,
        objectives_met       integer NOT NULL DEFAULT 0,
        objectives_partly_met integer NOT NULL DEFAULT 0,
        objectives_not_met   integer NOT NULL DEFAULT 0,
        last_position        bigint  NOT NULL,
        CONSTRAINT impact_placements_pkey PRIMARY KEY (placement_id)
      )`);
    await db.query(
      `CREATE INDEX impact_placements_row_idx ON impact_placements (academic_year, alliance, phase)`,
    );
    await db.query(
      `CREATE INDEX impact_placements_recipient_idx ON impact_placements (recipient_urn, academic_year)`,
    );

    await db.query(`
      CREATE TABLE impact_competencies (
        placement_id  text    NOT NULL,
        competency_id text    NOT NULL,
        cluster_id    text    NOT NULL,
        outcome       text    NOT NULL,
        ratings       integer NOT NULL,
        rating_total  integer NOT NULL,
        CONSTRAINT impact_competencies_pkey PRIMARY KEY (placement_id, competency_id)
      )`);
    await db.query(
      `CREATE INDEX impact_competencies_cluster_idx ON impact_competencies (cluster_id, competency_id)`,
    );

    await db.query(`
      CREATE TABLE impact_clusters (
        cluster_id    text   NOT NULL,
        alliance      text   NOT NULL,
        name          text   NOT NULL,
        competencies  jsonb  NOT NULL,
        last_position bigint NOT NULL,
        CONSTRAINT impact_clusters_pkey PRIMARY KEY (cluster_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP TABLE impact_clusters, impact_competencies, impact_placements, dashboard_lle_statuses,
                  dashboard_lles, dashboard_requests, dashboard_lle_loads, dashboard_rows,
                  dashboard_placement_years, dashboard_days, dashboard_placements, dashboard_schools`,
    );
  }
}
