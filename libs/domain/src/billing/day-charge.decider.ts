import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { vatAsCharged } from './billing-rules';
import type {
  BillSupportDay,
  DayChargeCommand,
  DayChargeContext,
  PlacementDayFacts,
  Sourced,
} from './day-charge.commands';
import type { DayChargeEvent, DayCharged, ShareCredited } from './day-charge.events';
import { evolveDayCharge, initialDayChargeState, type DayChargeState } from './day-charge.state';
import { feeForDay, splitShare } from './money';
import type { PlacementOpened, SupportDayLogged } from '../brokerage/placement.events';

/**
 * A day's charge, decided from its own stream and what the placement's stream says about the day. The end
 * state depends on the placement's stream only, never on the order the jobs ran in: a logged day is charged;
 * a voided day is charged and then reversed (a credit note for the same amounts), even when the void's job
 * runs first, so every voided day leaves the same trail. Whatever is already on the stream is not decided
 * again, so a repeated job decides nothing.
 */
export const dayChargeDecider: Decider<DayChargeCommand, DayChargeEvent, DayChargeState, DayChargeContext> = {
  initialState: initialDayChargeState,
  evolve: evolveDayCharge,
  decide(command, state, context) {
    switch (command.type) {
      case 'BillSupportDay':
        return billSupportDay(command, state, context);
      default:
        return assertNever(command.type);
    }
  },
};

function billSupportDay(
  command: BillSupportDay,
  state: DayChargeState,
  { placement, vatTreatment, rules }: DayChargeContext,
): DayChargeEvent[] {
  const { terms, logged } = loggedDay(command, placement);
  if (state.status === 'reversed') return [];
  // A charge on record is reversed by the void's job alone. A command's event ids derive from the job's
  // triggering event and count from 0 in each append, so a reversal decided by the log's job (run again
  // once the void is known) would take the ids of that job's own charge, and no append could hold them.
  if (state.status === 'charged' && command.data.trigger === 'SupportDayLogged') return [];
  const [charged, credited] =
    state.status === 'none' ? charge(terms, logged, vatTreatment, rules) : chargeOnRecord(state, command);
  const events: DayChargeEvent[] = state.status === 'none' ? [charged, credited] : [];
  const { voided } = placement;
  if (voided !== undefined) {
    const { chargeId, dayId, placementId, alliance, requestingBody, date, halfDays, netPence, vat } =
      charged.data;
    const { lleSchoolUrn, sharePence, allianceIncomePence } = credited.data;
    events.push(
      {
        type: 'DayChargeReversed',
        data: {
          chargeId,
          dayId,
          placementId,
          alliance,
          requestingBody,
          date,
          halfDays,
          netPence,
          vat,
          reason: voided.data.reason,
          sourceEventId: voided.eventId,
        },
      },
      {
        type: 'ShareReversed',
        data: {
          chargeId,
          dayId,
          placementId,
          alliance,
          lleSchoolUrn,
          date,
          netPence,
          sharePence,
          allianceIncomePence,
        },
      },
    );
  }
  return events;
}

/** The day as logged on its placement; a job for a day the placement does not hold is a fault to look at. */
function loggedDay(
  { data: { placementId, dayId } }: BillSupportDay,
  { terms, logged }: PlacementDayFacts,
): { terms: PlacementOpened['data']; logged: Sourced<SupportDayLogged['data']> } {
  if (terms === undefined || terms.placementId !== placementId) {
    throw new DomainError('BILLING_PLACEMENT_NOT_FOUND', `No placement ${placementId} to bill`, 'not_found', {
      placementId,
    });
  }
  if (logged === undefined || logged.data.dayId !== dayId) {
    throw new DomainError(
      'BILLING_DAY_NOT_LOGGED',
      `Day ${dayId} is not logged on placement ${placementId}`,
      'not_found',
      { placementId, dayId },
    );
  }
  return { terms, logged };
}

/** The fee (money rule 1), its VAT (rule 3) and the share (rule 2), at the placement's terms. */
function charge(
  terms: PlacementOpened['data'],
  logged: Sourced<SupportDayLogged['data']>,
  vatTreatment: DayChargeContext['vatTreatment'],
  rules: DayChargeContext['rules'],
): [DayCharged, ShareCredited] {
  const { dayId, placementId, personId, date, halfDays } = logged.data;
  const { requestId, alliance, requestingBody, recipientUrn, lleId, dayRatePence, lleSchoolUrn } = terms;
  const netPence = feeForDay(dayRatePence, halfDays);
  const split = splitShare(netPence, terms.lleSchoolShareBps);
  return [
    {
      type: 'DayCharged',
      data: {
        chargeId: dayId,
        dayId,
        placementId,
        requestId,
        alliance,
        requestingBody,
        recipientUrn,
        lleId,
        personId,
        date,
        halfDays,
        dayRatePence,
        netPence,
        vat: vatAsCharged(netPence, vatTreatment, rules),
        sourceEventId: logged.eventId,
      },
    },
    {
      type: 'ShareCredited',
      data: {
        chargeId: dayId,
        dayId,
        placementId,
        alliance,
        lleSchoolUrn,
        date,
        shareBps: terms.lleSchoolShareBps,
        netPence,
        ...split,
      },
    },
  ];
}

/** The charge already on the stream: a reversal carries its amounts as they were charged. */
function chargeOnRecord(
  state: Exclude<DayChargeState, { status: 'none' }>,
  command: BillSupportDay,
): [DayCharged, ShareCredited] {
  if (state.credited === undefined) {
    throw new DomainError(
      'BILLING_SHARE_MISSING',
      `Day ${command.data.dayId} was charged without its share credited`,
      'conflict',
    );
  }
  return [
    { type: 'DayCharged', data: state.charged },
    { type: 'ShareCredited', data: state.credited },
  ];
}
