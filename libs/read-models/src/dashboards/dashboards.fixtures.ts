import { lleDesignationStreamId, schoolStreamId, type Event, type LLEDesignationEvent } from '@lle/domain';
import {
  brokerageScenario,
  ids,
  LLE_A_SCHOOL,
  LLE_B_SCHOOL,
} from '../brokerage/brokerage-read-models.fixtures';

/** Events to append to one stream (test data for the dashboard specs; not exported from the library). */
export interface Appended {
  readonly streamId: string;
  readonly events: readonly Event[];
}

/**
 * The brokerage scenario (see brokerage-read-models.fixtures.ts) with two LLEs designated, all in
 * Cambridgeshire (873) but LLE B's school (Suffolk, 935). The academic-year boundaries it holds:
 * P2 starts on 31 August 2027 (2026/27) and has a day on 31 August 2027 and one on 7 September 2027;
 * P1 starts on 1 September 2027 (2027/28). LLE B is suspended on 31 August 2027, reinstated on 1 September.
 */
function designations(): Appended[] {
  const designated = (
    lleId: string,
    alliance: 'CATSA' | 'CASSA',
    schoolUrn: number,
  ): LLEDesignationEvent => ({
    type: 'LLEDesignated',
    data: {
      lleId,
      applicationId: `${lleId}-application`,
      alliance,
      schoolUrn,
      from: '2026-09-01',
      reviewOn: '2029-09-01',
      daysPerAcademicYear: 12,
      designatedOn: '2026-08-20',
    },
  });
  return [
    {
      streamId: schoolStreamId(LLE_B_SCHOOL),
      events: [
        {
          type: 'SchoolRecorded',
          data: {
            urn: LLE_B_SCHOOL,
            name: 'Castle Manor Academy',
            laCode: '935',
            laName: 'Suffolk',
            phase: 'Secondary',
            status: 'Open',
          },
        },
      ],
    },
    { streamId: lleDesignationStreamId(ids.lleA), events: [designated(ids.lleA, 'CATSA', LLE_A_SCHOOL)] },
    {
      streamId: lleDesignationStreamId(ids.lleB),
      events: [
        designated(ids.lleB, 'CASSA', LLE_B_SCHOOL),
        {
          type: 'LLEDesignationSuspended',
          data: { lleId: ids.lleB, reason: 'under_review', suspendedOn: '2027-08-31' },
        },
        { type: 'LLEDesignationReinstated', data: { lleId: ids.lleB, reinstatedOn: '2027-09-01' } },
      ],
    },
  ];
}

/** The designations, then the brokerage scenario, as appended to a store. */
export function dashboardScenario(): Appended[] {
  return [...designations(), ...brokerageScenario()];
}
