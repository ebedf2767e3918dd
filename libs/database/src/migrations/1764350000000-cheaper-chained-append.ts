import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chained append at about the cost of the append before the chain (issue 10), checking nothing less.
 *
 * Measured as server CPU per append (`/proc/self/schedstat` around 3,000 appends in one backend), what the
 * hash chain had added came from:
 *
 * - the CHECK on `events.hash`: `hash ~ '^[0-9a-f]{64}$'` took about 6 µs a row, as PostgreSQL's regular
 *   expressions run a counted repetition slowly. The same rule written as a length and a character class,
 *   `octet_length(hash) = 64 AND hash ~ '^[0-9a-f]*$'`, takes about 0.5 µs (every character must be a hex
 *   digit, so 64 bytes are 64 characters: the same strings pass).
 * - the statements around the chain: the digests gathered with a separate query over the events, the
 *   inserted positions collected through a CTE, and the lookup of a retried append's first event id on
 *   every append. The digests are now read in the loop that chains them, the last position is the
 *   sequence's `currval` (this statement's rows take increasing positions, the last one the highest), and
 *   the retry lookup runs only where it can change the answer: first for 'stream exists' and 'any' (whose
 *   revision check passes whatever the stream holds), otherwise only when the revision check fails, as a
 *   retried append always does since its events are already in the stream. Outcomes are the same as before.
 *
 * The hash is computed exactly as before (libs/event-store/src/hash-chain.ts `linkText`), under the same
 * per-stream lock; the stored hashes do not change.
 */
export class CheaperChainedAppend1764350000000 implements MigrationInterface {
  name = 'CheaperChainedAppend1764350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE event_store.events
        DROP CONSTRAINT events_hash_is_sha256,
        ADD CONSTRAINT events_hash_is_sha256 CHECK (octet_length(hash) = 64 AND hash ~ '^[0-9a-f]*$')`);
    await db.query(PREVIOUS_APPEND);
    await db.query(APPEND_EVENTS);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(APPEND_EVENTS_BEFORE);
    await db.query(`DROP FUNCTION event_store.previous_append(text, bigint, jsonb)`);
    await db.query(`
      ALTER TABLE event_store.events
        DROP CONSTRAINT events_hash_is_sha256,
        ADD CONSTRAINT events_hash_is_sha256 CHECK (hash ~ '^[0-9a-f]{64}$')`);
  }
}

/**
 * The result of an earlier append of the same events at the same expected revision, if there was one: its
 * last revision and position; both NULL otherwise. Unchanged from the check append_events made inline.
 */
const PREVIOUS_APPEND = `
  CREATE FUNCTION event_store.previous_append(p_stream_id text, p_expected bigint, p_events jsonb,
    OUT revision bigint, OUT last_position bigint)
  LANGUAGE plpgsql AS $$
  DECLARE
    v_count    int := jsonb_array_length(p_events);
    v_stream   text;
    v_first    bigint;
    v_matching int;
  BEGIN
    SELECT e.stream_id, e.stream_revision INTO v_stream, v_first
      FROM event_store.events e WHERE e.event_id = (p_events->0->>'id')::uuid;
    IF NOT FOUND OR v_stream <> p_stream_id THEN
      RETURN;
    END IF;
    SELECT count(*), max(e.global_position) INTO v_matching, last_position
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS p(event, ord)
      JOIN event_store.events e ON e.event_id = (p.event->>'id')::uuid
     WHERE e.stream_id = p_stream_id AND e.stream_revision = v_first + p.ord - 1;
    IF v_matching = v_count AND (
         p_expected = -3
      OR (p_expected = -2 AND v_first > 0)
      OR (p_expected = -1 AND v_first = 0)
      OR p_expected = v_first - 1) THEN
      revision := v_first + v_count - 1;
    ELSE
      last_position := NULL;
    END IF;
  END $$`;

/**
 * Same signature, outcomes and hashes as the version in 1764330000000-event-hash-chain.ts: each event in
 * p_events carries `digest` (eventDigest in libs/event-store/src/hash-chain.ts), linked to the stream's last
 * hash exactly as `linkText` does, inside the stream's lock.
 */
const APPEND_EVENTS = `
  CREATE OR REPLACE FUNCTION event_store.append_events(p_stream_id text, p_expected bigint, p_events jsonb)
  RETURNS TABLE (outcome text, revision bigint, last_position bigint)
  LANGUAGE plpgsql AS $$
  DECLARE
    v_count   int := jsonb_array_length(p_events);
    v_current bigint;
    v_hash    text;
    v_digest  text;
    v_hashes  text[] := '{}';
  BEGIN
    -- Appends to one stream take turns; appends to different streams do not wait for each other.
    PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

    -- 'stream exists' and 'any' pass the revision check below whatever the stream holds: a retry first.
    IF p_expected < -1 THEN
      SELECT d.revision, d.last_position INTO revision, last_position
        FROM event_store.previous_append(p_stream_id, p_expected, p_events) d;
      IF revision IS NOT NULL THEN
        outcome := 'duplicate';
        RETURN NEXT;
        RETURN;
      END IF;
    END IF;

    -- One index probe for both the revision the append builds on and the hash it chains to.
    SELECT e.stream_revision, e.hash INTO v_current, v_hash
      FROM event_store.events e
     WHERE e.stream_id = p_stream_id ORDER BY e.stream_revision DESC LIMIT 1;
    IF (p_expected >= 0 AND v_current IS DISTINCT FROM p_expected)
      OR (p_expected = -1 AND v_current IS NOT NULL)
      OR (p_expected = -2 AND v_current IS NULL) THEN
      -- A retried append at a fixed revision always lands here: its events moved the stream on.
      IF p_expected >= -1 THEN
        SELECT d.revision, d.last_position INTO revision, last_position
          FROM event_store.previous_append(p_stream_id, p_expected, p_events) d;
        IF revision IS NOT NULL THEN
          outcome := 'duplicate';
          RETURN NEXT;
          RETURN;
        END IF;
      END IF;
      outcome := 'conflict';
      revision := v_current;
      last_position := NULL;
      RETURN NEXT;
      RETURN;
    END IF;

    FOR i IN 1 .. v_count LOOP
      v_digest := p_events->(i - 1)->>'digest';
      IF v_digest IS NULL THEN
        RAISE EXCEPTION 'append_events: an event for % has no digest to chain', p_stream_id
          USING ERRCODE = 'invalid_parameter_value';
      END IF;
      v_hash := encode(sha256(convert_to(concat_ws('|', 'lle-chain-v1', coalesce(v_current, -1) + i,
        coalesce(v_hash, ''), v_digest, p_stream_id), 'UTF8')), 'hex');
      v_hashes[i] := v_hash;
    END LOOP;

    INSERT INTO event_store.events
      (global_position, event_id, stream_id, stream_revision, event_type, data, metadata, hash)
    SELECT nextval('event_store.global_position_seq'), (p.event->>'id')::uuid, p_stream_id,
           coalesce(v_current, -1) + p.ord, p.event->>'type', p.event->'data', p.event->'metadata',
           v_hashes[p.ord]
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS p(event, ord);
    outcome := 'appended';
    revision := coalesce(v_current, -1) + v_count;
    -- The rows above took increasing positions from this session's nextval: the last is the highest.
    last_position := currval('event_store.global_position_seq');
    RETURN NEXT;
  END $$`;

/** For down: append_events exactly as 1764330000000-event-hash-chain.ts left it. */
const APPEND_EVENTS_BEFORE = `
  CREATE OR REPLACE FUNCTION event_store.append_events(p_stream_id text, p_expected bigint, p_events jsonb)
  RETURNS TABLE (outcome text, revision bigint, last_position bigint)
  LANGUAGE plpgsql AS $$
  DECLARE
    v_count    int := jsonb_array_length(p_events);
    v_current  bigint;
    v_first    event_store.events%ROWTYPE;
    v_matching int;
    v_last     bigint;
    v_hash text; v_digests text[]; v_hashes text[];
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

    SELECT e.stream_revision, e.hash INTO v_current, v_hash
      FROM event_store.events e
     WHERE e.stream_id = p_stream_id ORDER BY e.stream_revision DESC LIMIT 1;
    IF (p_expected >= 0 AND v_current IS DISTINCT FROM p_expected)
      OR (p_expected = -1 AND v_current IS NOT NULL)
      OR (p_expected = -2 AND v_current IS NULL) THEN
      RETURN QUERY SELECT 'conflict'::text, v_current, NULL::bigint;
      RETURN;
    END IF;

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
    END LOOP;

    WITH inserted AS (
      INSERT INTO event_store.events
        (global_position, event_id, stream_id, stream_revision, event_type, data, metadata, hash)
      SELECT nextval('event_store.global_position_seq'), (p.event->>'id')::uuid, p_stream_id,
             coalesce(v_current, -1) + p.ord, p.event->>'type', p.event->'data', p.event->'metadata'
             , v_hashes[p.ord]
        FROM jsonb_array_elements(p_events) WITH ORDINALITY AS p(event, ord)
      RETURNING global_position)
    SELECT max(global_position) INTO v_last FROM inserted;
    RETURN QUERY SELECT 'appended'::text, coalesce(v_current, -1) + v_count, v_last;
  END $$`;
