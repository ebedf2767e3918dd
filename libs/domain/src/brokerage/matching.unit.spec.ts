import type { LLEFacts } from '../recruitment/designation.state';
import { lle, rules } from './brokerage.fixtures';
import { rankCandidates, type CandidateFacts, type MatchRequest } from './matching';

const request: MatchRequest = {
  alliance: 'CATSA',
  recipientUrn: 110123,
  phase: 'Primary',
  preferredStart: '2027-10-01',
  halfDaysHopedFor: 12,
};
const today = '2027-09-15';
const candidate = (
  lleId: string,
  facts: Partial<CandidateFacts> = {},
  designation: Partial<LLEFacts> = {},
): CandidateFacts => ({
  lle: { ...lle, lleId, schoolUrn: 100000 + lleId.length, ...designation },
  committedHalfDays: 0,
  phases: ['Primary'],
  placementsWithRecipient: 0,
  ...facts,
});

describe('matching', () => {
  it('ranks by phase experience, then room for every day hoped for, then past work with the school, then load', () => {
    const matches = rankCandidates(
      request,
      [
        candidate('e-secondary', { phases: ['Secondary'] }),
        candidate('d-busy', { committedHalfDays: 16 }),
        candidate('c-light', { committedHalfDays: 4 }),
        candidate('b-known', { committedHalfDays: 8, placementsWithRecipient: 1 }),
        candidate('a-light', { committedHalfDays: 4 }),
      ],
      rules,
      today,
    );
    expect(matches.map((match) => [match.lleId, match.rank])).toEqual([
      ['b-known', 1],
      ['a-light', 2],
      ['c-light', 3],
      ['d-busy', 4],
      ['e-secondary', 5],
    ]);
    expect(matches[3]).toMatchObject({ remainingHalfDays: 8, capacityHalfDays: 24, committedHalfDays: 16 });
    expect(matches[3]!.reasons.map((reason) => [reason.code, reason.effect])).toEqual([
      ['ACTIVE_IN_ALLIANCE', 'for'],
      ['PHASE_EXPERIENCE', 'for'],
      ['CAPACITY_FOR_SOME_DAYS', 'against'],
      ['NEW_TO_RECIPIENT', 'neutral'],
    ]);
    expect(matches[0]!.reasons.map((reason) => reason.code)).toContain('WORKED_WITH_RECIPIENT');
  });

  it('excludes, with every reason, LLEs who cannot be placed', () => {
    const matches = rankCandidates(
      request,
      [
        candidate('ok'),
        candidate(
          'suspended',
          {},
          { status: 'suspended', activePeriods: [{ from: '2027-04-20', until: '2027-09-01' }] },
        ),
        candidate('elsewhere', {}, { alliance: 'CASSA' }),
        candidate('own-head', {}, { schoolUrn: 110123 }),
        candidate('full', { committedHalfDays: 24 }),
        candidate('later', {}, { activePeriods: [{ from: '2027-11-01' }] }),
      ],
      rules,
      today,
    );
    expect(matches.map((match) => [match.lleId, match.included, match.rank])).toEqual([
      ['ok', true, 1],
      ['elsewhere', false, undefined],
      ['full', false, undefined],
      ['later', false, undefined],
      ['own-head', false, undefined],
      ['suspended', false, undefined],
    ]);
    const excludedBy = (lleId: string) =>
      matches
        .find((match) => match.lleId === lleId)!
        .reasons.filter((r) => r.effect === 'excludes')
        .map((r) => r.code);
    expect(excludedBy('suspended')).toEqual(['LLE_NOT_ACTIVE']);
    expect(excludedBy('elsewhere')).toEqual(['LLE_OF_ANOTHER_ALLIANCE']);
    expect(excludedBy('own-head')).toEqual(['RECIPIENT_IS_LLE_SCHOOL']);
    expect(excludedBy('full')).toEqual(['NO_CAPACITY_LEFT']);
    expect(excludedBy('later')).toEqual(['LLE_NOT_ACTIVE']);
  });

  it('compares load as a share of each LLE’s own capacity, and phases without regard to case', () => {
    const matches = rankCandidates(
      { ...request, halfDaysHopedFor: 4 },
      [
        candidate('a-half-loaded', { committedHalfDays: 6, phases: ['primary'] }, { daysPerAcademicYear: 6 }),
        candidate(
          'b-quarter-loaded',
          { committedHalfDays: 10, phases: [' PRIMARY '] },
          { daysPerAcademicYear: 20 },
        ),
      ],
      rules,
      today,
    );
    // 6 of 12 half-days committed is a heavier load than 10 of 40, though fewer half-days; both have room for 4.
    expect(matches.map((match) => match.lleId)).toEqual(['b-quarter-loaded', 'a-half-loaded']);
    expect(matches.every((match) => match.reasons.some((reason) => reason.code === 'PHASE_EXPERIENCE'))).toBe(
      true,
    );
    expect(
      matches.every((match) => match.reasons.some((reason) => reason.code === 'CAPACITY_FOR_ALL_DAYS')),
    ).toBe(true);
  });
});
