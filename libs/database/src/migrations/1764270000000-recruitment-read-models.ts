import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recruitment read models (libs/read-models/src/recruitment), one per question:
 *
 * - `applications` + `application_stage_history` (projection `applications`): the assessment work queue,
 *   one row per application, and every event of each application as a row of its history;
 * - `lle_directory` + `designation_history` (projection `lle_directory`): one row per designated LLE and
 *   every event of their designation;
 * - `clusters` (projection `clusters`): the clusters; their members are the directory's rows naming them;
 * - `system_leaders` (projection `system_leaders`): NLEs, SLEs and NLGs, one row per person and role.
 *
 * People appear only by person id; free text of an application arrives sealed with the applicant's key and
 * is stored as it is. `*_erased_at` marks a person whose personal data was erased (PersonalDataErased).
 * Every value comes from the events, `last_position` makes applying an event twice a no-op, and history
 * rows are keyed by position, so a rebuild from zero gives the same rows. No foreign keys, serial columns,
 * triggers or views: a rebuild swaps each table on its own.
 */
export class RecruitmentReadModels1764270000000 implements MigrationInterface {
  name = 'RecruitmentReadModels1764270000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE applications (
        application_id      text        NOT NULL,
        round_id            text        NOT NULL,
        alliance            text        NOT NULL,
        applicant_id        text        NOT NULL,
        school_urn          integer     NOT NULL,
        referee_id          text        NOT NULL,
        referee_kind        text        NOT NULL,
        status              text        NOT NULL,
        current_stage       text        NOT NULL,
        stages_completed    text[]      NOT NULL DEFAULT '{}',
        panel_decision      text,
        part_b_assessors    integer     NOT NULL DEFAULT 0,
        submitted_on        date        NOT NULL,
        precheck            jsonb       NOT NULL,
        part_a              jsonb       NOT NULL,
        part_b              jsonb       NOT NULL,
        verification        jsonb,
        part_b_assessments  jsonb       NOT NULL DEFAULT '[]',
        reference_review    jsonb,
        panel               jsonb,
        applicant_erased_at timestamptz,
        referee_erased_at   timestamptz,
        submitted_at        timestamptz NOT NULL,
        updated_at          timestamptz NOT NULL,
        stream_revision     integer     NOT NULL,
        last_position       bigint      NOT NULL,
        CONSTRAINT applications_pkey PRIMARY KEY (application_id)
      )`);
    await db.query(
      `CREATE INDEX applications_queue_idx ON applications (alliance, current_stage, submitted_on)`,
    );
    await db.query(`CREATE INDEX applications_round_idx ON applications (round_id)`);
    await db.query(`CREATE INDEX applications_applicant_idx ON applications (applicant_id)`);
    await db.query(`CREATE INDEX applications_referee_idx ON applications (referee_id)`);

    await db.query(`
      CREATE TABLE application_stage_history (
        application_id text        NOT NULL,
        position       bigint      NOT NULL,
        event_type     text        NOT NULL,
        stage          text,
        action         text        NOT NULL,
        actor          text,
        done_on        date        NOT NULL,
        details        jsonb       NOT NULL,
        recorded_at    timestamptz NOT NULL,
        CONSTRAINT application_stage_history_pkey PRIMARY KEY (application_id, position)
      )`);

    await db.query(`
      CREATE TABLE lle_directory (
        lle_id          text        NOT NULL,
        application_id  text        NOT NULL,
        alliance        text        NOT NULL,
        school_urn      integer     NOT NULL,
        status          text        NOT NULL,
        status_since    date        NOT NULL,
        status_reason   text,
        designated_from date        NOT NULL,
        designated_on   date        NOT NULL,
        review_on       date        NOT NULL,
        days_per_year   integer     NOT NULL,
        cluster_id      text,
        erased_at       timestamptz,
        updated_at      timestamptz NOT NULL,
        stream_revision integer     NOT NULL,
        last_position   bigint      NOT NULL,
        CONSTRAINT lle_directory_pkey PRIMARY KEY (lle_id)
      )`);
    await db.query(`CREATE INDEX lle_directory_alliance_status_idx ON lle_directory (alliance, status)`);
    await db.query(`CREATE INDEX lle_directory_cluster_idx ON lle_directory (cluster_id)`);

    await db.query(`
      CREATE TABLE designation_history (
        lle_id          text        NOT NULL,
        position        bigint      NOT NULL,
        event_type      text        NOT NULL,
        action          text        NOT NULL,
        effective_on    date        NOT NULL,
        actor           text,
        reason          text,
        note            text,
        cluster_id      text,
        from_cluster_id text,
        details         jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL,
        CONSTRAINT designation_history_pkey PRIMARY KEY (lle_id, position)
      )`);

    await db.query(`
      CREATE TABLE clusters (
        cluster_id      text        NOT NULL,
        name            text        NOT NULL,
        alliance        text        NOT NULL,
        nle_id          text        NOT NULL,
        competencies    jsonb       NOT NULL,
        formed_on       date        NOT NULL,
        nle_erased_at   timestamptz,
        formed_at       timestamptz NOT NULL,
        stream_revision integer     NOT NULL,
        last_position   bigint      NOT NULL,
        CONSTRAINT clusters_pkey PRIMARY KEY (cluster_id)
      )`);
    await db.query(`CREATE INDEX clusters_alliance_idx ON clusters (alliance)`);
    await db.query(`CREATE INDEX clusters_nle_idx ON clusters (nle_id)`);

    await db.query(`
      CREATE TABLE system_leaders (
        person_id       text        NOT NULL,
        role            text        NOT NULL,
        alliance        text,
        school_urn      integer     NOT NULL,
        status          text        NOT NULL,
        designated_on   date        NOT NULL,
        recorded_on     date        NOT NULL,
        ended_on        date,
        end_reason      text,
        erased_at       timestamptz,
        updated_at      timestamptz NOT NULL,
        stream_revision integer     NOT NULL,
        last_position   bigint      NOT NULL,
        CONSTRAINT system_leaders_pkey PRIMARY KEY (person_id, role)
      )`);
    await db.query(`CREATE INDEX system_leaders_role_alliance_idx ON system_leaders (role, alliance)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP TABLE system_leaders, clusters, designation_history, lle_directory, application_stage_history, applications`,
    );
  }
}
