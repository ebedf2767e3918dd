import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The brokerage read models (libs/read-models/src/brokerage), one per question:
 *
 * - `support_requests` (projection `support_requests`): each alliance's queue of requests for support, one
 *   row per request with its decision;
 * - `placements` + `placement_days` + `placement_transfers` + `placement_amendments` (projection
 *   `placements`): one row per placement with its days agreed, delivered, transferred and remaining, and
 *   every day logged (voided ones kept, marked), transfer and amendment. The LLE's diary and a recipient
 *   school's support history are read from these tables too;
 * - `lle_commitments` (projection `lle_load`): one row per placement on an LLE's commitments stream, with
 *   the half-days committed in its academic year as the capacity rule counts them (reservations and
 *   releases of amendments, and the closing down to the days delivered).
 *
 * Schools' names are joined from `schools` when read, people appear only by person id, and free text is
 * stored as it came (sealed or not). Every value comes from the events, `last_position` makes applying an
 * event twice (or an older one after a newer one) a no-op, and child rows are keyed by the ids the events
 * carry, so a rebuild from zero gives the same rows. No foreign keys, serial columns, triggers or views: a
 * rebuild swaps each table on its own.
 */
export class BrokerageReadModels1764280000000 implements MigrationInterface {
  name = 'BrokerageReadModels1764280000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE support_requests (
        request_id              text        NOT NULL,
        alliance                text        NOT NULL,
        recipient_urn           integer     NOT NULL,
        requesting_body_kind    text        NOT NULL,
        requesting_body_urn     integer,
        requesting_body_la_code text,
        requesting_body_diocese text,
        need                    text        NOT NULL,
        phase                   text        NOT NULL,
        preferred_start         date        NOT NULL,
        half_days_hoped_for     integer     NOT NULL,
        status                  text        NOT NULL,
        requested_on            date        NOT NULL,
        requested_at            timestamptz NOT NULL,
        requested_by            text,
        decided_on              date,
        decided_at              timestamptz,
        decided_by              text,
        reason                  text,
        placement_id            text,
        lle_id                  text,
        updated_at              timestamptz NOT NULL,
        stream_revision         integer     NOT NULL,
        last_position           bigint      NOT NULL,
        CONSTRAINT support_requests_pkey PRIMARY KEY (request_id)
      )`);
    await db.query(
      `CREATE INDEX support_requests_queue_idx ON support_requests (alliance, status, requested_on)`,
    );
    await db.query(`CREATE INDEX support_requests_recipient_idx ON support_requests (recipient_urn)`);

    await db.query(`
      CREATE TABLE placements (
        placement_id              text        NOT NULL,
        request_id                text        NOT NULL,
        alliance                  text        NOT NULL,
        lle_id                    text        NOT NULL,
        lle_school_urn            integer     NOT NULL,
        recipient_urn             integer     NOT NULL,
        requesting_body_kind      text        NOT NULL,
        requesting_body_urn       integer,
        requesting_body_la_code   text,
        requesting_body_diocese   text,
        phase                     text        NOT NULL,
        status                    text        NOT NULL,
        start_date                date        NOT NULL,
        end_point_date            date        NOT NULL,
        end_point_description     text        NOT NULL,
        academic_year             text        NOT NULL,
        half_days_agreed          integer     NOT NULL,
        half_days_logged          integer     NOT NULL DEFAULT 0,
        half_days_voided          integer     NOT NULL DEFAULT 0,
        half_days_delivered       integer     NOT NULL DEFAULT 0,
        half_days_transferred     integer     NOT NULL DEFAULT 0,
        half_days_remaining       integer     NOT NULL,
        day_rate_pence            integer     NOT NULL,
        lle_school_share_bps      integer     NOT NULL,
        guideline_half_days       integer     NOT NULL,
        over_guideline            boolean     NOT NULL,
        guideline_override_reason text,
        objectives                jsonb       NOT NULL,
        brokered_on               date        NOT NULL,
        ended_on                  date,
        end_reason                text,
        impact                    jsonb,
        evaluated_on              date,
        opened_at                 timestamptz NOT NULL,
        updated_at                timestamptz NOT NULL,
        stream_revision           integer     NOT NULL,
        last_position             bigint      NOT NULL,
        CONSTRAINT placements_pkey PRIMARY KEY (placement_id)
      )`);
    await db.query(
      `CREATE INDEX placements_alliance_status_idx ON placements (alliance, status, academic_year)`,
    );
    await db.query(`CREATE INDEX placements_lle_idx ON placements (lle_id, academic_year)`);
    await db.query(`CREATE INDEX placements_recipient_idx ON placements (recipient_urn, start_date)`);

    await db.query(`
      CREATE TABLE placement_days (
        placement_id    text        NOT NULL,
        day_id          text        NOT NULL,
        person_id       text        NOT NULL,
        delivered_as    text        NOT NULL,
        day_date        date        NOT NULL,
        half_days       integer     NOT NULL,
        note            text        NOT NULL,
        logged_on       date        NOT NULL,
        logged_at       timestamptz NOT NULL,
        logged_position bigint      NOT NULL,
        void_reason     text,
        voided_on       date,
        voided_at       timestamptz,
        voided_position bigint,
        CONSTRAINT placement_days_pkey PRIMARY KEY (placement_id, day_id)
      )`);
    await db.query(`CREATE INDEX placement_days_date_idx ON placement_days (day_date)`);
    await db.query(`CREATE INDEX placement_days_person_idx ON placement_days (person_id, day_date)`);

    await db.query(`
      CREATE TABLE placement_transfers (
        placement_id   text        NOT NULL,
        transfer_id    text        NOT NULL,
        lle_id         text        NOT NULL,
        to_person_id   text        NOT NULL,
        role           text        NOT NULL,
        half_days      integer     NOT NULL,
        transferred_on date        NOT NULL,
        recorded_at    timestamptz NOT NULL,
        position       bigint      NOT NULL,
        CONSTRAINT placement_transfers_pkey PRIMARY KEY (placement_id, transfer_id)
      )`);

    await db.query(`
      CREATE TABLE placement_amendments (
        placement_id                text        NOT NULL,
        amendment_id                text        NOT NULL,
        half_days_before            integer     NOT NULL,
        half_days_agreed            integer     NOT NULL,
        end_point_before_date       date        NOT NULL,
        end_point_before_description text       NOT NULL,
        end_point_date              date        NOT NULL,
        end_point_description       text        NOT NULL,
        agreement                   jsonb       NOT NULL,
        guideline_half_days         integer     NOT NULL,
        guideline_override_reason   text,
        amended_on                  date        NOT NULL,
        actor                       text,
        recorded_at                 timestamptz NOT NULL,
        position                    bigint      NOT NULL,
        CONSTRAINT placement_amendments_pkey PRIMARY KEY (placement_id, amendment_id)
      )`);

    await db.query(`
      CREATE TABLE lle_commitments (
        lle_id              text        NOT NULL,
        placement_id        text        NOT NULL,
        request_id          text        NOT NULL,
        alliance            text        NOT NULL,
        academic_year       text        NOT NULL,
        brokered_half_days  integer     NOT NULL,
        reservations        jsonb       NOT NULL DEFAULT '{}',
        releases            jsonb       NOT NULL DEFAULT '{}',
        committed_half_days integer     NOT NULL,
        open                boolean     NOT NULL,
        closed_outcome      text,
        closed_on           date,
        capacity_half_days  integer     NOT NULL,
        capacity_position   bigint      NOT NULL,
        brokered_on         date        NOT NULL,
        updated_at          timestamptz NOT NULL,
        stream_revision     integer     NOT NULL,
        last_position       bigint      NOT NULL,
        CONSTRAINT lle_commitments_pkey PRIMARY KEY (lle_id, placement_id)
      )`);
    await db.query(`CREATE INDEX lle_commitments_year_idx ON lle_commitments (lle_id, academic_year)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      `DROP TABLE lle_commitments, placement_amendments, placement_transfers, placement_days, placements,
                  support_requests`,
    );
  }
}
