import type { CommandMetadata } from '../shared/command';
import { given } from '../testing/decider-specification';
import { personDecider, type ErasePersonalData, type PersonEvent } from './person';

const metadata: CommandMetadata = {
  now: new Date('2026-11-27T10:00:00Z'),
  actor: { subject: 'admin-1', role: 'admin' },
  correlationId: 'c',
  causationId: 'c',
};
const erase: ErasePersonalData = {
  type: 'ErasePersonalData',
  data: { personId: 'p-1', reason: 'Request under UK GDPR article 17' },
  metadata,
};

describe('erasing personal data', () => {
  it('records the erasure with its reason and nothing of the data', () => {
    expect(given(personDecider).when(erase).events).toEqual([
      { type: 'PersonalDataErased', data: { personId: 'p-1', reason: 'Request under UK GDPR article 17' } },
    ]);
  });

  it('changes nothing when asked again', () => {
    const erased: PersonEvent = { type: 'PersonalDataErased', data: { personId: 'p-1', reason: 'x' } };
    expect(given(personDecider, erased).when(erase).events).toEqual([]);
  });
});
