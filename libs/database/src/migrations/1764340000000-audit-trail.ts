import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The auditors' own trail: who read or exported what, when, and erasures of personal data with who asked
 * and why. Insert-only like the events table: the database itself refuses UPDATE, DELETE and TRUNCATE.
 * Entries are ordered by an identity column, which no read-model rebuild ever swaps (it is not a read model).
 */
export class AuditTrail1764340000000 implements MigrationInterface {
  name = 'AuditTrail1764340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_trail (
        entry_id       bigint GENERATED ALWAYS AS IDENTITY,
        recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        channel        text        NOT NULL,
        actor_subject  text        NOT NULL,
        actor_role     text        NOT NULL,
        actor_alliance text,
        action         text        NOT NULL,
        target         jsonb       NOT NULL DEFAULT '{}'::jsonb,
        reason         text,
        outcome        text        NOT NULL,
        correlation_id text,
        CONSTRAINT audit_trail_pkey PRIMARY KEY (entry_id),
        CONSTRAINT audit_trail_channel_known CHECK (channel IN ('api', 'cli')),
        CONSTRAINT audit_trail_action_not_empty CHECK (action <> '')
      )`);
    await db.query(`CREATE INDEX audit_trail_actor_idx ON audit_trail (actor_subject, entry_id)`);
    await db.query(`
      CREATE FUNCTION audit_trail_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_trail is append-only: % is refused', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_trail_append_only
        BEFORE UPDATE OR DELETE ON audit_trail
        FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_refuse_change()`);
    await db.query(`
      CREATE TRIGGER audit_trail_no_truncate
        BEFORE TRUNCATE ON audit_trail
        FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_refuse_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_trail`);
    await db.query(`DROP FUNCTION audit_trail_refuse_change()`);
  }
}
