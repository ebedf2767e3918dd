import type { PlacementOpened, SupportDayLogged, SupportDayVoided } from '../brokerage/placement.events';
import type { RequestingBody } from '../brokerage/support-request.events';
import type { LocalDate } from '../shared/calendar';

/**
 * Test data shared by the billing specs (not exported from the library): a placement's opening with the
 * terms billing reads, and days logged and voided on it, to append straight to a store.
 */
export interface BillingTerms {
  readonly dayRatePence: number;
  readonly lleSchoolShareBps: number;
  readonly requestingBody: RequestingBody;
  readonly lleSchoolUrn?: number;
}

export function placementOpened(placementId: string, terms: BillingTerms): PlacementOpened {
  return {
    type: 'PlacementOpened',
    data: {
      placementId,
      requestId: `request-of-${placementId}`,
      lleId: `lle-of-${placementId}`,
      alliance: 'CATSA',
      lleSchoolUrn: 136_512,
      recipientUrn: 110_123,
      phase: 'Primary',
      startDate: '2027-09-01',
      endPoint: { date: '2028-07-20', description: 'The head leads without support' },
      academicYear: '2027/28',
      halfDaysAgreed: 500,
      objectives: [{ objectiveId: 'o', description: 'Objective' }],
      guidelineHalfDays: 12,
      guidelineOverride: { reason: 'Billing fixtures' },
      capacityHalfDays: 500,
      committedHalfDaysBefore: 0,
      brokeredOn: '2027-08-20',
      ...terms,
    },
  };
}

export function supportDayLogged(
  placementId: string,
  dayId: string,
  halfDays: 1 | 2,
  date: LocalDate = '2027-10-20',
): SupportDayLogged {
  return {
    type: 'SupportDayLogged',
    data: {
      placementId,
      dayId,
      personId: `lle-of-${placementId}`,
      deliveredAs: 'lle',
      date,
      halfDays,
      note: 'Coaching',
      loggedOn: date,
    },
  };
}

export function supportDayVoided(
  placementId: string,
  dayId: string,
  halfDays: 1 | 2,
  reason: string,
  date: LocalDate = '2027-10-20',
): SupportDayVoided {
  return {
    type: 'SupportDayVoided',
    data: { placementId, dayId, personId: `lle-of-${placementId}`, date, halfDays, reason, voidedOn: date },
  };
}
