import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Finding a person by email (case-insensitive, not erased) is done on every application: index it. */
export class PeopleEmailIndex1764290000000 implements MigrationInterface {
  name = 'PeopleEmailIndex1764290000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX people_email_idx ON people (lower(email)) WHERE erased_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX people_email_idx`);
  }
}
