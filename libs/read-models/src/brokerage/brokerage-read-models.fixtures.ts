import { EventRegistry } from '@lle/application';
import {
  academicYearOf,
  EVENT_TYPES,
  lleCommitmentsStreamId,
  openPlacementFrom,
  placementStreamId,
  schoolStreamId,
  supportRequestStreamId,
  type AllianceCode,
  type LLECommitmentsEvent,
  type LocalDate,
  type PlacementBrokered,
  type PlacementEvent,
  type RequestingBody,
  type Role,
  type SchoolEvent,
  type SupportRequestEvent,
} from '@lle/domain';
import type { RecordedEvent } from '@lle/event-store';
import { projectEvent, type Projection } from '@lle/projections';
import type { DataSource } from 'typeorm';

/**
 * Test data for the brokerage read-model specs (not exported from the library): schools, requests and three
 * placements in the shapes the brokerage deciders write them, appended to a real store.
 *
 * - P1 (CATSA, LLE A, recipient Fen Ditton): starts 1 September 2027 (so 2027/28), 12 half-days raised to
 *   16 by an amendment over the guideline (4 reserved first), the end point moved; 4 half-days transferred
 *   to the deputy; days logged by the LLE and the deputy, one voided. Delivered 5, remaining 11.
 * - P2 (CATSA, LLE A, recipient Bottisham): starts 31 August 2027 (so 2026/27), 8 half-days, 4 delivered,
 *   completed, its commitment closed at 4; impact evaluated (one objective met, one partly met).
 * - P3 (CASSA, LLE B, recipient Fen Ditton): 10 half-days amended down to 6 (4 released), 1 delivered,
 *   ended early, its commitment closed at 1.
 * - Requests: R1 → P1, R2 → P2, R6 → P3 brokered; R3 waiting (a diocese asks); R4 declined; R5 withdrawn.
 */
const registry = new EventRegistry(EVENT_TYPES);

const id = (n: number): string => `a0000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export const ids = {
  lleA: id(1),
  lleB: id(2),
  deputy: id(3),
  p1: id(11),
  p2: id(12),
  p3: id(13),
  r1: id(21),
  r2: id(22),
  r3: id(23),
  r4: id(24),
  r5: id(25),
  r6: id(26),
  day: (n: number): string => id(100 + n),
  transfer: id(201),
  amendUp: id(301),
  amendDown: id(302),
};

export const FEN_DITTON = 110123;
export const BOTTISHAM = 110200;
export const LLE_A_SCHOOL = 136512;
export const LLE_B_SCHOOL = 136600;
/** A school that asks for (and pays for) support at Bottisham. */
export const REQUESTING_SCHOOL = 136853;

type BrokerageEvent = SupportRequestEvent | LLECommitmentsEvent | PlacementEvent | SchoolEvent;

export interface Appended {
  readonly streamId: string;
  readonly events: readonly BrokerageEvent[];
  readonly actor?: { readonly subject: string; readonly role: Role };
}

/** Applies the events, in the order given, to every projection handling them, in one transaction. */
export async function applyEvents(
  dataSource: DataSource,
  projections: readonly Projection[],
  events: readonly RecordedEvent[],
): Promise<void> {
  await dataSource.transaction(async (db) => {
    for (const event of events) {
      for (const projection of projections) {
        if (projection.handles.includes(event.type))
          await projection.apply(projectEvent(registry, event), db);
      }
    }
  });
}

/** Every row of the tables, in primary-key order, to compare before and after. */
export async function allRows(dataSource: DataSource, tables: readonly string[]): Promise<unknown[]> {
  return Promise.all(
    tables.map((table) => dataSource.query<unknown[]>(`SELECT * FROM ${table} ORDER BY 1, 2`)),
  );
}

const broker = { subject: 'broker-1', role: 'broker' } as const;
const cassaBroker = { subject: 'broker-2', role: 'broker' } as const;
const lle = { subject: 'lle-a', role: 'lle' } as const;
const admin = { subject: 'admin-1', role: 'admin' } as const;

function school(
  urn: number,
  name: string,
  phase: string,
  laCode = '873',
  laName = 'Cambridgeshire',
): Appended {
  return {
    streamId: schoolStreamId(urn),
    events: [{ type: 'SchoolRecorded', data: { urn, name, laCode, laName, phase, status: 'Open' } }],
    actor: admin,
  };
}

function requested(
  requestId: string,
  alliance: AllianceCode,
  recipientUrn: number,
  requestingBody: RequestingBody,
  requestedOn: LocalDate,
): SupportRequestEvent {
  return {
    type: 'SupportRequested',
    data: {
      requestId,
      alliance,
      requestingBody,
      recipientUrn,
      need: `Coaching for the new head of ${recipientUrn}`,
      phase: 'Primary',
      preferredStart: '2027-09-01',
      halfDaysHopedFor: 12,
      requestedOn,
    },
  };
}

const objectives = [
  { objectiveId: 'obj-1', description: 'The head leads a cycle of lesson observations' },
  { objectiveId: 'obj-2', description: 'The senior team owns the improvement plan' },
];

function brokered(
  terms: Pick<
    PlacementBrokered['data'],
    'placementId' | 'requestId' | 'lleId' | 'alliance' | 'lleSchoolUrn' | 'recipientUrn' | 'requestingBody'
  > &
    Partial<PlacementBrokered['data']>,
): PlacementBrokered {
  const startDate = terms.startDate ?? '2027-09-01';
  return {
    type: 'PlacementBrokered',
    data: {
      phase: 'Primary',
      startDate,
      endPoint: { date: '2028-03-31', description: 'The head leads observations without support' },
      // As the decider sets it: the academic year of the start date.
      academicYear: academicYearOf(startDate).label,
      halfDaysAgreed: 12,
      dayRatePence: 45_000,
      lleSchoolShareBps: 6_000,
      objectives,
      guidelineHalfDays: 12,
      capacityHalfDays: 24,
      committedHalfDaysBefore: 0,
      brokeredOn: '2027-08-28',
      ...terms,
    },
  };
}

function day(
  placementId: string,
  dayId: string,
  personId: string,
  date: LocalDate,
  halfDays: 1 | 2,
  deliveredAs: 'lle' | 'staff' = 'lle',
): PlacementEvent {
  return {
    type: 'SupportDayLogged',
    data: {
      placementId,
      dayId,
      personId,
      deliveredAs,
      date,
      halfDays,
      note: `Worked with the head on ${date}`,
      loggedOn: date,
    },
  };
}

const agreement = {
  lle: { agreedBy: ids.lleA, agreedOn: '2027-10-25' },
  recipient: { agreedBy: 'head-of-fen-ditton', agreedOn: '2027-10-25' },
  alliance: { agreedBy: 'broker-1', agreedOn: '2027-10-26' },
};

export const P1_BROKERED = brokered({
  placementId: ids.p1,
  requestId: ids.r1,
  lleId: ids.lleA,
  alliance: 'CATSA',
  lleSchoolUrn: LLE_A_SCHOOL,
  recipientUrn: FEN_DITTON,
  requestingBody: { kind: 'local_authority', laCode: '873' },
});

export const P2_BROKERED = brokered({
  placementId: ids.p2,
  requestId: ids.r2,
  lleId: ids.lleA,
  alliance: 'CATSA',
  lleSchoolUrn: LLE_A_SCHOOL,
  recipientUrn: BOTTISHAM,
  requestingBody: { kind: 'school', urn: REQUESTING_SCHOOL },
  startDate: '2027-08-31',
  endPoint: { date: '2027-12-15', description: 'The improvement plan is owned by the senior team' },
  halfDaysAgreed: 8,
  brokeredOn: '2027-08-30',
});

export const P3_BROKERED = brokered({
  placementId: ids.p3,
  requestId: ids.r6,
  lleId: ids.lleB,
  alliance: 'CASSA',
  lleSchoolUrn: LLE_B_SCHOOL,
  recipientUrn: FEN_DITTON,
  requestingBody: { kind: 'local_authority', laCode: '873' },
  startDate: '2027-10-04',
  endPoint: { date: '2028-02-28', description: 'The head has a coaching plan of her own' },
  halfDaysAgreed: 10,
  capacityHalfDays: 20,
  brokeredOn: '2027-09-20',
});

const opened = (b: PlacementBrokered): PlacementEvent => ({
  type: 'PlacementOpened',
  data: openPlacementFrom(b, {
    now: new Date(`${b.data.brokeredOn}T10:00:00Z`),
    actor: { subject: 'broker-1', role: 'broker', alliance: b.data.alliance },
    correlationId: 'corr-1',
    causationId: 'cause-1',
  }).data,
});

const brokeredRequest = (b: PlacementBrokered): SupportRequestEvent => ({
  type: 'SupportRequestBrokered',
  data: {
    requestId: b.data.requestId,
    placementId: b.data.placementId,
    lleId: b.data.lleId,
    brokeredOn: b.data.brokeredOn,
  },
});

export function brokerageScenario(): Appended[] {
  const p1 = placementStreamId(ids.p1);
  const p2 = placementStreamId(ids.p2);
  const p3 = placementStreamId(ids.p3);
  return [
    school(FEN_DITTON, 'Fen Ditton Primary School', 'Primary'),
    school(BOTTISHAM, 'Bottisham Primary School', 'Primary'),
    school(REQUESTING_SCHOOL, 'Swavesey Village College', 'Secondary'),
    school(LLE_A_SCHOOL, 'Histon and Impington Junior School', 'Primary'),
    {
      streamId: supportRequestStreamId(ids.r1),
      events: [
        requested(ids.r1, 'CATSA', FEN_DITTON, { kind: 'local_authority', laCode: '873' }, '2027-08-20'),
      ],
      actor: broker,
    },
    {
      streamId: supportRequestStreamId(ids.r2),
      events: [
        requested(ids.r2, 'CATSA', BOTTISHAM, { kind: 'school', urn: REQUESTING_SCHOOL }, '2027-08-18'),
      ],
      actor: broker,
    },
    // P2 is brokered, opened and marked on its request, then its first day is logged on 31 August.
    { streamId: lleCommitmentsStreamId(ids.lleA), events: [P2_BROKERED], actor: broker },
    { streamId: p2, events: [opened(P2_BROKERED)], actor: broker },
    { streamId: supportRequestStreamId(ids.r2), events: [brokeredRequest(P2_BROKERED)], actor: broker },
    { streamId: p2, events: [day(ids.p2, ids.day(1), ids.lleA, '2027-08-31', 2)], actor: lle },
    { streamId: lleCommitmentsStreamId(ids.lleA), events: [P1_BROKERED], actor: broker },
    { streamId: p1, events: [opened(P1_BROKERED)], actor: broker },
    { streamId: supportRequestStreamId(ids.r1), events: [brokeredRequest(P1_BROKERED)], actor: broker },
    {
      streamId: supportRequestStreamId(ids.r3),
      events: [
        requested(ids.r3, 'CATSA', FEN_DITTON, { kind: 'diocese', diocese: 'Diocese of Ely' }, '2027-09-02'),
      ],
      actor: broker,
    },
    {
      streamId: supportRequestStreamId(ids.r4),
      events: [
        requested(ids.r4, 'CASSA', BOTTISHAM, { kind: 'local_authority', laCode: '935' }, '2027-09-03'),
        {
          type: 'SupportRequestDeclined',
          data: {
            requestId: ids.r4,
            reason: 'No LLE of the phase is free this term',
            declinedOn: '2027-09-13',
          },
        },
      ],
      actor: cassaBroker,
    },
    {
      streamId: supportRequestStreamId(ids.r5),
      events: [
        requested(ids.r5, 'CATSA', BOTTISHAM, { kind: 'local_authority', laCode: '873' }, '2027-09-05'),
        { type: 'SupportRequestWithdrawn', data: { requestId: ids.r5, withdrawnOn: '2027-09-06' } },
        // Decided once: a later decline of a withdrawn request changes nothing (as in evolve).
        {
          type: 'SupportRequestDeclined',
          data: { requestId: ids.r5, reason: 'Too late', declinedOn: '2027-09-07' },
        },
      ],
      actor: broker,
    },
    {
      streamId: p1,
      events: [
        day(ids.p1, ids.day(2), ids.lleA, '2027-09-01', 2),
        day(ids.p1, ids.day(3), ids.lleA, '2027-09-15', 1),
      ],
      actor: lle,
    },
    { streamId: p2, events: [day(ids.p2, ids.day(4), ids.lleA, '2027-09-07', 2)], actor: lle },
    {
      streamId: supportRequestStreamId(ids.r6),
      events: [
        requested(ids.r6, 'CASSA', FEN_DITTON, { kind: 'local_authority', laCode: '873' }, '2027-09-10'),
      ],
      actor: cassaBroker,
    },
    { streamId: lleCommitmentsStreamId(ids.lleB), events: [P3_BROKERED], actor: cassaBroker },
    { streamId: p3, events: [opened(P3_BROKERED)], actor: cassaBroker },
    { streamId: supportRequestStreamId(ids.r6), events: [brokeredRequest(P3_BROKERED)], actor: cassaBroker },
    {
      streamId: p1,
      events: [
        {
          type: 'SupportDayVoided',
          data: {
            placementId: ids.p1,
            dayId: ids.day(3),
            personId: ids.lleA,
            date: '2027-09-15',
            halfDays: 1,
            reason: 'Logged against the wrong school',
            voidedOn: '2027-09-20',
          },
        },
        {
          type: 'DaysTransferred',
          data: {
            placementId: ids.p1,
            transferId: ids.transfer,
            lleId: ids.lleA,
            toPersonId: ids.deputy,
            role: 'deputy head',
            halfDays: 4,
            transferredOn: '2027-09-25',
          },
        },
        day(ids.p1, ids.day(5), ids.deputy, '2027-10-05', 2, 'staff'),
        day(ids.p1, ids.day(6), ids.lleA, '2027-10-20', 1),
      ],
      actor: lle,
    },
    { streamId: p3, events: [day(ids.p3, ids.day(7), ids.lleB, '2027-10-04', 1)], actor: cassaBroker },
    // P1 raised to 16 half-days: reserved on the commitments first, then amended, above the guideline.
    {
      streamId: lleCommitmentsStreamId(ids.lleA),
      events: [
        {
          type: 'PlacementDaysReserved',
          data: {
            lleId: ids.lleA,
            placementId: ids.p1,
            amendmentId: ids.amendUp,
            academicYear: '2027/28',
            halfDays: 4,
            capacityHalfDays: 24,
            committedHalfDaysBefore: 12,
            reservedOn: '2027-10-26',
          },
        },
      ],
      actor: broker,
    },
    {
      streamId: p1,
      events: [
        {
          type: 'PlacementAmended',
          data: {
            placementId: ids.p1,
            amendmentId: ids.amendUp,
            lleId: ids.lleA,
            halfDaysBefore: 12,
            halfDaysAgreed: 16,
            halfDaysReserved: 4,
            endPointBefore: P1_BROKERED.data.endPoint,
            endPoint: { date: '2028-05-22', description: 'The head leads observations without support' },
            agreement,
            guidelineHalfDays: 12,
            guidelineOverride: { reason: 'The LA asked for two more days after the monitoring visit' },
            amendedOn: '2027-10-26',
          },
        },
      ],
      actor: broker,
    },
    // P3 lowered to 6, then released on the commitments; ended early, then closed at the day delivered.
    {
      streamId: p3,
      events: [
        {
          type: 'PlacementAmended',
          data: {
            placementId: ids.p3,
            amendmentId: ids.amendDown,
            lleId: ids.lleB,
            halfDaysBefore: 10,
            halfDaysAgreed: 6,
            halfDaysReserved: 0,
            endPointBefore: P3_BROKERED.data.endPoint,
            endPoint: P3_BROKERED.data.endPoint,
            agreement,
            guidelineHalfDays: 12,
            amendedOn: '2027-10-15',
          },
        },
      ],
      actor: cassaBroker,
    },
    {
      streamId: lleCommitmentsStreamId(ids.lleB),
      events: [
        {
          type: 'PlacementDaysReleased',
          data: {
            lleId: ids.lleB,
            placementId: ids.p3,
            amendmentId: ids.amendDown,
            reason: 'amended_down',
            academicYear: '2027/28',
            halfDays: 4,
            releasedOn: '2027-10-15',
          },
        },
      ],
      actor: cassaBroker,
    },
    {
      streamId: p3,
      events: [
        {
          type: 'PlacementEndedEarly',
          data: {
            placementId: ids.p3,
            lleId: ids.lleB,
            reason: 'The head left the school',
            halfDaysAgreed: 6,
            halfDaysDelivered: 1,
            endedOn: '2027-11-01',
          },
        },
        // Ended once: completing it afterwards changes nothing (as in evolve).
        {
          type: 'PlacementCompleted',
          data: {
            placementId: ids.p3,
            lleId: ids.lleB,
            halfDaysAgreed: 6,
            halfDaysDelivered: 1,
            completedOn: '2028-02-28',
          },
        },
      ],
      actor: cassaBroker,
    },
    {
      streamId: lleCommitmentsStreamId(ids.lleB),
      events: [
        {
          type: 'PlacementCommitmentClosed',
          data: {
            lleId: ids.lleB,
            placementId: ids.p3,
            outcome: 'ended_early',
            academicYear: '2027/28',
            halfDaysBefore: 6,
            halfDaysDelivered: 1,
            closedOn: '2027-11-01',
          },
        },
      ],
      actor: cassaBroker,
    },
    {
      streamId: p2,
      events: [
        {
          type: 'PlacementCompleted',
          data: {
            placementId: ids.p2,
            lleId: ids.lleA,
            halfDaysAgreed: 8,
            halfDaysDelivered: 4,
            completedOn: '2027-12-15',
          },
        },
      ],
      actor: broker,
    },
    {
      streamId: lleCommitmentsStreamId(ids.lleA),
      events: [
        {
          type: 'PlacementCommitmentClosed',
          data: {
            lleId: ids.lleA,
            placementId: ids.p2,
            outcome: 'completed',
            academicYear: '2026/27',
            halfDaysBefore: 8,
            halfDaysDelivered: 4,
            closedOn: '2027-12-15',
          },
        },
      ],
      actor: broker,
    },
    {
      streamId: p2,
      events: [
        {
          type: 'ImpactEvaluationRecorded',
          data: {
            placementId: ids.p2,
            lleId: ids.lleA,
            clusterId: 'cluster-1',
            objectives: [
              {
                objectiveId: 'obj-1',
                outcome: 'met',
                evidence: 'Observations led by the head since November',
                ratings: [{ competencyId: 'coaching', rating: 4 }],
              },
              {
                objectiveId: 'obj-2',
                outcome: 'partly_met',
                evidence: 'The plan is reviewed termly',
                ratings: [{ competencyId: 'impact', rating: 3 }],
              },
            ],
            recipientView: 'The head is more confident',
            lleView: 'Good progress; governors to follow up',
            evaluatedOn: '2028-01-10',
          },
        },
      ],
      actor: broker,
    },
  ];
}
