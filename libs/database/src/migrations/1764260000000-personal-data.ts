import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The erasable personal-data store (libs/personal-data). Events name people only by id; their names and
 * contact details live here, with a key per person that encrypts the free text they write (Part A evidence,
 * Part B) before it goes into events. Erasure clears the row's data and destroys the key, so what is left
 * in the events can no longer be read, and replays still work.
 */
export class PersonalData1764260000000 implements MigrationInterface {
  name = 'PersonalData1764260000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE people (
        person_id    uuid        NOT NULL,
        kind         text        NOT NULL CHECK (kind IN ('applicant', 'referee', 'staff', 'system_leader')),
        full_name    text,
        email        text,
        phone        text,
        job_title    text,
        organisation text,
        data_key     bytea,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        erased_at    timestamptz,
        CONSTRAINT people_pkey PRIMARY KEY (person_id),
        CONSTRAINT people_erased_means_empty CHECK (
          erased_at IS NULL OR (full_name IS NULL AND email IS NULL AND phone IS NULL AND job_title IS NULL
                                AND organisation IS NULL AND data_key IS NULL))
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE people`);
  }
}
