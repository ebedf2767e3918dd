import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '@lle/domain';

/** Anything that runs SQL: a TypeORM DataSource or EntityManager. */
export interface Queryable {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

export type PersonKind = 'applicant' | 'referee' | 'staff' | 'system_leader';

export interface PersonDetails {
  readonly fullName: string;
  readonly email?: string;
  readonly phone?: string;
  readonly jobTitle?: string;
  readonly organisation?: string;
}

export type PersonRecord =
  | ({ readonly personId: string; readonly kind: PersonKind; readonly erased: false } & PersonDetails)
  | { readonly personId: string; readonly kind: PersonKind; readonly erased: true; readonly erasedAt: Date };

interface PersonRow {
  person_id: string;
  kind: PersonKind;
  full_name: string | null;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  organisation: string | null;
  erased_at: Date | null;
}

const SEALED = /^pd1:([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]*):([A-Za-z0-9+/=]+)$/;

/**
 * Names, contact details and a data key per person, outside the events. Text a person writes is sealed
 * with their key (AES-256-GCM) before it goes into an event; erasing the person clears their details and
 * destroys the key, so the sealed text can never be read again while every event still replays.
 */
export class PersonalDataStore {
  constructor(private readonly db: Queryable) {}

  /** Records a person, or updates their details; an erased person stays erased. */
  async record(personId: string, kind: PersonKind, details: PersonDetails): Promise<void> {
    const rows = await this.db.query<Array<{ erased: boolean }>>(
      // A CTE, so the driver answers the rows themselves for an INSERT or an UPDATE alike.
      `WITH written AS (
         INSERT INTO people AS p (person_id, kind, full_name, email, phone, job_title, organisation, data_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (person_id) DO UPDATE
            SET full_name = EXCLUDED.full_name, email = EXCLUDED.email, phone = EXCLUDED.phone,
                job_title = EXCLUDED.job_title, organisation = EXCLUDED.organisation, updated_at = now()
          WHERE p.erased_at IS NULL
         RETURNING false AS erased)
       SELECT erased FROM written`,
      [
        personId,
        kind,
        details.fullName,
        details.email ?? null,
        details.phone ?? null,
        details.jobTitle ?? null,
        details.organisation ?? null,
        randomBytes(32),
      ],
    );
    if (rows.length === 0) {
      throw new DomainError(
        'PERSON_ERASED',
        `The personal data of ${personId} has been erased; use a new person`,
      );
    }
  }

  async get(personId: string): Promise<PersonRecord | undefined> {
    return (await this.getMany([personId])).get(personId);
  }

  async getMany(personIds: readonly string[]): Promise<Map<string, PersonRecord>> {
    if (personIds.length === 0) return new Map();
    const rows = await this.db.query<PersonRow[]>(
      `SELECT person_id, kind, full_name, email, phone, job_title, organisation, erased_at
         FROM people WHERE person_id = ANY($1::uuid[])`,
      [[...new Set(personIds)]],
    );
    return new Map(rows.map((row) => [row.person_id, toRecord(row)]));
  }

  /**
   * The person recorded with this email address, in any case, whose data has not been erased (the first
   * recorded when there are several), or undefined.
   */
  async findByEmail(email: string): Promise<string | undefined> {
    const rows = await this.db.query<Array<{ person_id: string }>>(
      `SELECT person_id FROM people
        WHERE lower(email) = lower($1) AND erased_at IS NULL
        ORDER BY recorded_at, person_id LIMIT 1`,
      [email.trim()],
    );
    return rows[0]?.person_id;
  }

  /** Seals text with the person's key, for an event. */
  async seal(personId: string, text: string): Promise<string> {
    const key = await this.key(personId);
    if (!key) throw new DomainError('PERSON_ERASED', `The personal data of ${personId} has been erased`);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return `pd1:${iv.toString('base64')}:${body.toString('base64')}:${cipher.getAuthTag().toString('base64')}`;
  }

  /** The text, or undefined once the person's data has been erased. Text that was never sealed is returned as is. */
  async unseal(personId: string, value: string): Promise<string | undefined> {
    const match = SEALED.exec(value);
    if (!match) return value;
    const key = await this.key(personId);
    if (!key) return undefined;
    const [, iv, body, tag] = match as unknown as [string, string, string, string];
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Clears the person's details and destroys their key. Returns false if they were erased already. */
  async erase(personId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `WITH erased AS (
         UPDATE people
            SET full_name = NULL, email = NULL, phone = NULL, job_title = NULL, organisation = NULL,
                data_key = NULL, erased_at = now(), updated_at = now()
          WHERE person_id = $1 AND erased_at IS NULL
         RETURNING person_id)
       SELECT person_id FROM erased`,
      [personId],
    );
    return rows.length > 0;
  }

  private async key(personId: string): Promise<Buffer | undefined> {
    const rows = await this.db.query<Array<{ data_key: Buffer | null }>>(
      `SELECT data_key FROM people WHERE person_id = $1`,
      [personId],
    );
    return rows[0]?.data_key ?? undefined;
  }
}

function toRecord(row: PersonRow): PersonRecord {
  if (row.erased_at)
    return { personId: row.person_id, kind: row.kind, erased: true, erasedAt: row.erased_at };
  return {
    personId: row.person_id,
    kind: row.kind,
    erased: false,
    fullName: row.full_name ?? '',
    ...(row.email ? { email: row.email } : {}),
    ...(row.phone ? { phone: row.phone } : {}),
    ...(row.job_title ? { jobTitle: row.job_title } : {}),
    ...(row.organisation ? { organisation: row.organisation } : {}),
  };
}
