import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first response to each Idempotency-Key, per caller, kept for a configured time. */
export class IdempotencyKeys1764240000000 implements MigrationInterface {
  name = 'IdempotencyKeys1764240000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        scope           text        NOT NULL,
        key             text        NOT NULL,
        fingerprint     text        NOT NULL,
        state           text        NOT NULL CHECK (state IN ('pending', 'completed')),
        response_status int,
        response_body   jsonb,
        created_at      timestamptz NOT NULL DEFAULT now(),
        expires_at      timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
  }
}
