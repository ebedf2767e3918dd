import { Injectable } from '@nestjs/common';
import { PersonalDataStore } from '@lle/personal-data';

/** How a person appears in an answer: their name from the personal-data store, or that it was erased. */
export interface PersonRef {
  readonly personId: string;
  readonly name: string | null;
  readonly erased: boolean;
}

const SEALED = /^pd1:/;

/**
 * Puts names back beside person ids and opens text sealed with a person's key, at the moment of answering.
 * Read models keep only ids and sealed text, so an erasure needs no change to them.
 */
@Injectable()
export class PeopleView {
  constructor(private readonly people: PersonalDataStore) {}

  async refs(personIds: readonly string[]): Promise<Map<string, PersonRef>> {
    const records = await this.people.getMany(personIds);
    return new Map(
      personIds.map((personId) => {
        const record = records.get(personId);
        const name = record && !record.erased ? record.fullName : null;
        return [personId, { personId, name, erased: record?.erased ?? false }];
      }),
    );
  }

  /** A copy of `value` with every sealed string opened with the person's key (null once erased). */
  async unsealed<T>(personId: string, value: T): Promise<T> {
    const sealed = new Set<string>();
    collect(value, sealed);
    const opened = new Map<string, string | null>();
    for (const text of sealed) opened.set(text, (await this.people.unseal(personId, text)) ?? null);
    return replace(value, opened) as T;
  }
}

function collect(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (SEALED.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const item of Object.values(value)) collect(item, into);
  }
}

function replace(value: unknown, opened: Map<string, string | null>): unknown {
  if (typeof value === 'string') return opened.has(value) ? opened.get(value) : value;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((item) => replace(item, opened));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replace(item, opened)]));
  }
  return value;
}
