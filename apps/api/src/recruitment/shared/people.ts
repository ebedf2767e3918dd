import { Injectable } from '@nestjs/common';
import {
  PersonalDataStore,
  type PersonDetails,
  type PersonKind,
  type PersonRecord,
} from '@lle/personal-data';
import { DataSource } from 'typeorm';

/**
 * Who a person is, decided at the edge. An email address names one person (in any case) until their data
 * is erased, so a headteacher who applies twice, or a referee named twice, is one person id. Finding and
 * recording run under an advisory lock on the address, so two requests naming a new person at the same
 * moment agree on one id instead of making two.
 */
@Injectable()
export class People {
  constructor(
    private readonly dataSource: DataSource,
    readonly store: PersonalDataStore,
  ) {}

  /**
   * The id of the person these details name: the person recorded with the same email, else `newId`; their
   * details are recorded (or brought up to date) either way. A person found who is `keep` is left as they
   * are (an applicant named as their own referee, which the domain then refuses).
   */
  async identify(kind: PersonKind, details: PersonDetails, newId: string, keep?: string): Promise<string> {
    const email = details.email?.trim();
    if (!email) {
      await this.store.record(newId, kind, details);
      return newId;
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('person-email/' || lower($1), 0))`, [
        email,
      ]);
      const store = new PersonalDataStore(manager);
      const found = await store.findByEmail(email);
      if (found === undefined) {
        await store.record(newId, kind, { ...details, email });
        return newId;
      }
      if (found !== keep) await store.record(found, kind, merged(await store.get(found), details));
      return found;
    });
  }
}

/** The details given replace those on record; those not given (a phone number, say) are kept. */
function merged(known: PersonRecord | undefined, given: PersonDetails): PersonDetails {
  const kept: Partial<PersonDetails> = known && !known.erased ? known : {};
  return {
    fullName: given.fullName,
    email: given.email ?? kept.email,
    phone: given.phone ?? kept.phone,
    jobTitle: given.jobTitle ?? kept.jobTitle,
    organisation: given.organisation ?? kept.organisation,
  };
}

/**
 * Seals the free text a command carries with one person's key before it goes into an event, so events hold
 * no readable free text and erasing the person leaves it unreadable.
 *
 * - Blank text stays as it is: it says nothing, and the domain must still see that it is blank.
 * - Sealing is randomised (the same text sealed twice differs), which would hide a retried command from
 *   the decider's "same as on record" checks. So text that an earlier event already holds sealed, given
 *   as `earlier`, is sealed the same way again: a retry then compares equal and writes nothing.
 */
export class Sealer {
  private readonly opened = new Map<string, string | undefined>();

  constructor(
    private readonly store: PersonalDataStore,
    readonly personId: string,
  ) {}

  async seal(text: string, earlier: Iterable<string | undefined> = []): Promise<string> {
    if (!text.trim()) return text;
    for (const candidate of earlier) {
      // A candidate equal to the text was never sealed: reusing it would put the text in clear.
      if (candidate === undefined || candidate === text) continue;
      if ((await this.open(candidate)) === text) return candidate;
    }
    return this.store.seal(this.personId, text);
  }

  async sealOptional(
    text: string | undefined,
    earlier: Iterable<string | undefined> = [],
  ): Promise<string | undefined> {
    return text === undefined ? undefined : this.seal(text, earlier);
  }

  private async open(sealed: string): Promise<string | undefined> {
    if (!this.opened.has(sealed)) {
      let text: string | undefined;
      try {
        text = await this.store.unseal(this.personId, sealed);
      } catch {
        text = undefined; // sealed with another key, or damaged: no match
      }
      this.opened.set(sealed, text);
    }
    return this.opened.get(sealed);
  }
}
