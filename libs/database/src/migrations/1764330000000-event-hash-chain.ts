import type { MigrationInterface, QueryRunner } from 'typeorm';
// Relative, not '@lle/event-store': jest's global setup runs the migrations without the path aliases.
import type { JsonValue } from '../../../event-store/src/event-store.port';
import { chainEvents } from '../../../event-store/src/hash-chain';

/**
 * Tamper evidence for the PostgreSQL event store (libs/event-store/src/hash-chain.ts says what is hashed).
 *
 * - `events.hash`: every event's link in its stream's chain. The append computes it inside the per-stream
 *   advisory lock it already takes, from the stream's last hash and the content digest the adapter sends,
 *   so appends to other streams still do not wait. Events stored before this migration are chained here,
 *   in JavaScript with the same functions the verifier uses (the append-only guard is off for that UPDATE
 *   only, inside the migration's transaction).
 * - `checkpoints`: running hashes over the global log, insert-only like the events, written by the worker's
 *   checkpointer and by `npm run audit -- checkpoint`.
 */
export class EventHashChain1764330000000 implements MigrationInterface {
  name = 'EventHashChain1764330000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE event_store.events ADD COLUMN hash text`);
    await db.query(`ALTER TABLE event_store.events DISABLE TRIGGER events_append_only`);
    await backfill(db);
    await db.query(`ALTER TABLE event_store.events ENABLE TRIGGER events_append_only`);
    // Not NOT NULL: the append always writes one (and refuses an event without a digest), but tools that
    // seed a throwaway database by raw INSERT (bench/reads.bench.ts) keep working; verify reports such rows.
    await db.query(`
      ALTER TABLE event_store.events
        ADD CONSTRAINT events_hash_is_sha256 CHECK (hash ~ '^[0-9a-f]{64}$')`);
    await db.query(appendEventsFunction({ chained: true }));

    await db.query(`
      CREATE TABLE event_store.checkpoints (
        global_position bigint      NOT NULL,
        event_count     bigint      NOT NULL,
        running_hash    text        NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT checkpoints_pkey PRIMARY KEY (global_position),
        CONSTRAINT checkpoints_event_count_positive CHECK (event_count > 0),
        CONSTRAINT checkpoints_running_hash_is_sha256 CHECK (running_hash ~ '^[0-9a-f]{64}$')
      )`);
    await db.query(`
      CREATE FUNCTION event_store.refuse_checkpoint_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event_store.checkpoints is append-only: % is refused', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER checkpoints_append_only
        BEFORE UPDATE OR DELETE ON event_store.checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_checkpoint_change()`);
    await db.query(`
      CREATE TRIGGER checkpoints_no_truncate
        BEFORE TRUNCATE ON event_store.checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_checkpoint_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE event_store.checkpoints`);
    await db.query(`DROP FUNCTION event_store.refuse_checkpoint_change()`);
    await db.query(appendEventsFunction({ chained: false }));
    await db.query(`ALTER TABLE event_store.events DROP COLUMN hash`);
  }
}

interface BackfillRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  stream_revision: string;
  event_type: string;
  data: JsonValue;
  metadata: Record<string, unknown>;
}

const BACKFILL_PAGE = 1_000;

/** Chains the events already stored, stream by stream in revision order, a page at a time. */
async function backfill(db: QueryRunner): Promise<void> {
  let after: { stream: string; revision: string } | undefined;
  let previous: { stream: string; hash: string } | undefined;
  for (;;) {
    const rows = (await db.query(
      `SELECT global_position, event_id, stream_id, stream_revision, event_type, data, metadata
         FROM event_store.events
        ${after ? 'WHERE (stream_id, stream_revision) > ($1, $2::bigint)' : ''}
        ORDER BY stream_id, stream_revision
        LIMIT ${BACKFILL_PAGE}`,
      after ? [after.stream, after.revision] : [],
    )) as BackfillRow[];
    if (rows.length === 0) return;
    const positions: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      const previousHash = previous?.stream === row.stream_id ? previous.hash : null;
      const [link] = chainEvents(row.stream_id, Number(row.stream_revision), previousHash, [
        { id: row.event_id, type: row.event_type, data: row.data, metadata: row.metadata },
      ]);
      positions.push(row.global_position);
      hashes.push(link!.hash);
      previous = { stream: row.stream_id, hash: link!.hash };
    }
    await db.query(
      `UPDATE event_store.events e SET hash = v.hash
         FROM unnest($1::bigint[], $2::text[]) AS v(position, hash)
        WHERE e.global_position = v.position`,
      [positions, hashes],
    );
    const last = rows[rows.length - 1]!;
    after = { stream: last.stream_id, revision: last.stream_revision };
  }
}

/**
 * event_store.append_events, with or without the hash chain (the version before this migration, for down).
 * Chained, each event in p_events carries `digest` (eventDigest in libs/event-store/src/hash-chain.ts) and
 * the function links it to the stream's last hash exactly as `linkText` does, inside the stream's lock.
 */
function appendEventsFunction({ chained }: { chained: boolean }): string {
  return `
    CREATE OR REPLACE FUNCTION event_store.append_events(p_stream_id text, p_expected bigint, p_events jsonb)
    RETURNS TABLE (outcome text, revision bigint, last_position bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
      v_count    int := jsonb_array_length(p_events);
      v_current  bigint;
      v_first    event_store.events%ROWTYPE;
      v_matching int;
      v_last     bigint;
      ${chained ? 'v_hash text; v_digests text[]; v_hashes text[];' : ''}
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

      SELECT e.stream_revision${chained ? ', e.hash' : ''} INTO v_current${chained ? ', v_hash' : ''}
        FROM event_store.events e
       WHERE e.stream_id = p_stream_id ORDER BY e.stream_revision DESC LIMIT 1;
      IF (p_expected >= 0 AND v_current IS DISTINCT FROM p_expected)
        OR (p_expected = -1 AND v_current IS NOT NULL)
        OR (p_expected = -2 AND v_current IS NULL) THEN
        RETURN QUERY SELECT 'conflict'::text, v_current, NULL::bigint;
        RETURN;
      END IF;
      ${
        chained
          ? `
      SELECT array_agg(p.event->>'digest' ORDER BY p.ord) INTO v_digests
        FROM jsonb_array_elements(p_events) WITH ORDINALITY AS p(event, ord);
      IF array_position(v_digests, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'append_events: an event for % has no digest to chain', p_stream_id
          USING ERRCODE = 'invalid_parameter_value';
      END IF;
      v_hashes := array_fill(NULL::text, ARRAY[v_count]);
      FOR i IN 1..v_count LOOP
        v_hash := encode(sha256(convert_to(concat_ws('|', 'lle-chain-v1', coalesce(v_current, -1) + i,
          coalesce(v_hash, ''), v_digests[i], p_stream_id), 'UTF8')), 'hex');
        v_hashes[i] := v_hash;
      END LOOP;`
          : ''
      }

      WITH inserted AS (
        INSERT INTO event_store.events
          (global_position, event_id, stream_id, stream_revision, event_type, data, metadata${chained ? ', hash' : ''})
        SELECT nextval('event_store.global_position_seq'), (p.event->>'id')::uuid, p_stream_id,
               coalesce(v_current, -1) + p.ord, p.event->>'type', p.event->'data', p.event->'metadata'
               ${chained ? ', v_hashes[p.ord]' : ''}
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS p(event, ord)
        RETURNING global_position)
      SELECT max(global_position) INTO v_last FROM inserted;
      RETURN QUERY SELECT 'appended'::text, coalesce(v_current, -1) + v_count, v_last;
    END $$`;
}
