import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PostgreSQL event store: one insert-only table, a position sequence and the append function.
 *
 * Global positions come from a sequence with CACHE 1, so positions are handed out in the order the INSERTs
 * run, and a reader can tell which gaps may still be filled by a transaction in flight (see
 * libs/event-store/src/postgres/final-position-tracker.ts). The database itself refuses UPDATE, DELETE and
 * TRUNCATE on the events table.
 */
export class EventStore1764220000000 implements MigrationInterface {
  name = 'EventStore1764220000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA event_store`);
    await db.query(`CREATE SEQUENCE event_store.global_position_seq AS bigint START 1 CACHE 1`);
    await db.query(`
      CREATE TABLE event_store.events (
        global_position bigint      NOT NULL,
        event_id        uuid        NOT NULL,
        stream_id       text        NOT NULL,
        stream_revision bigint      NOT NULL,
        event_type      text        NOT NULL,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT events_pkey PRIMARY KEY (global_position),
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_revision_key UNIQUE (stream_id, stream_revision),
        CONSTRAINT events_stream_id_not_empty CHECK (stream_id <> ''),
        CONSTRAINT events_event_type_not_empty CHECK (event_type <> ''),
        CONSTRAINT events_revision_not_negative CHECK (stream_revision >= 0)
      )`);
    await db.query(`
      CREATE FUNCTION event_store.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event_store.events is append-only: % is refused', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER events_append_only
        BEFORE UPDATE OR DELETE ON event_store.events
        FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change()`);
    await db.query(`
      CREATE TRIGGER events_no_truncate
        BEFORE TRUNCATE ON event_store.events
        FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change()`);

    /*
     * One round trip per append. p_expected: a revision (>= 0), or -1 no stream, -2 stream exists, -3 any.
     * Returns outcome 'appended', 'duplicate' (the same ids were appended before at the same expected
     * revision: the first result is returned) or 'conflict' (revision holds what the stream is at, NULL when
     * there is no stream). A per-stream advisory lock orders appends to one stream, so the revision read
     * here is the one the INSERT builds on; the unique constraints remain the last word.
     */
    await db.query(`
      CREATE FUNCTION event_store.append_events(p_stream_id text, p_expected bigint, p_events jsonb)
      RETURNS TABLE (outcome text, revision bigint, last_position bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_count    int := jsonb_array_length(p_events);
        v_current  bigint;
        v_first    event_store.events%ROWTYPE;
        v_matching int;
        v_last     bigint;
      BEGIN
        -- Appends to one stream take turns; appends to different streams do not wait for each other.
        PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

        SELECT * INTO v_first FROM event_store.events WHERE event_id = (p_events->0->>'id')::uuid;
        IF FOUND THEN
          SELECT count(*), max(e.global_position) INTO v_matching, v_last
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS p(event, ord)
            JOIN event_store.events e ON e.event_id = (p.event->>'id')::uuid
           WHERE e.stream_id = p_stream_id AND e.stream_revision = v_first.stream_revision + p.ord - 1;
          IF v_first.stream_id = p_stream_id AND v_matching = v_count AND (
               p_expected = -3
            OR (p_expected = -2 AND v_first.stream_revision > 0)
            OR (p_expected = -1 AND v_first.stream_revision = 0)
            OR p_expected = v_first.stream_revision - 1) THEN
            RETURN QUERY SELECT 'duplicate'::text, v_first.stream_revision + v_count - 1, v_last;
            RETURN;
          END IF;
        END IF;

        SELECT e.stream_revision INTO v_current FROM event_store.events e
         WHERE e.stream_id = p_stream_id ORDER BY e.stream_revision DESC LIMIT 1;
        IF (p_expected >= 0 AND v_current IS DISTINCT FROM p_expected)
          OR (p_expected = -1 AND v_current IS NOT NULL)
          OR (p_expected = -2 AND v_current IS NULL) THEN
          RETURN QUERY SELECT 'conflict'::text, v_current, NULL::bigint;
          RETURN;
        END IF;

        WITH inserted AS (
          INSERT INTO event_store.events
            (global_position, event_id, stream_id, stream_revision, event_type, data, metadata)
          SELECT nextval('event_store.global_position_seq'), (p.event->>'id')::uuid, p_stream_id,
                 coalesce(v_current, -1) + p.ord, p.event->>'type', p.event->'data', p.event->'metadata'
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS p(event, ord)
          RETURNING global_position)
        SELECT max(global_position) INTO v_last FROM inserted;
        RETURN QUERY SELECT 'appended'::text, coalesce(v_current, -1) + v_count, v_last;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA event_store CASCADE`);
  }
}
