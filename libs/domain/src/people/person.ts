import type { Command, Event } from '../shared/command';
import { assertNever, type Decider } from '../shared/decider';
import type { EventTypeDefinitions } from '../shared/event-types';

/**
 * People (applicants, referees, staff) appear in events only as a person id. Their names, contact details
 * and the free text they write live in the erasable personal-data store; erasing them is recorded here, on
 * the person's own stream, with who asked and why but never with the data erased.
 */
export type PersonalDataErased = Event<'PersonalDataErased', { personId: string; reason: string }>;
export type PersonEvent = PersonalDataErased;

export type ErasePersonalData = Command<'ErasePersonalData', { personId: string; reason: string }>;
export type PersonCommand = ErasePersonalData;

export type PersonState = { readonly status: 'present' } | { readonly status: 'erased' };

export const PERSON_EVENT_TYPES: EventTypeDefinitions<PersonEvent['type']> = {
  PersonalDataErased: { schemaVersion: 1 },
};

export function personStreamId(personId: string): string {
  return `person-${personId}`;
}

export const personDecider: Decider<PersonCommand, PersonEvent, PersonState> = {
  initialState: () => ({ status: 'present' }),
  evolve: (state, event) => (event.type === 'PersonalDataErased' ? { status: 'erased' } : state),
  decide(command, state) {
    switch (command.type) {
      case 'ErasePersonalData':
        // Erasing twice changes nothing.
        return state.status === 'erased'
          ? []
          : [
              {
                type: 'PersonalDataErased',
                data: { personId: command.data.personId, reason: command.data.reason },
              },
            ];
      default:
        return assertNever(command.type);
    }
  },
};
