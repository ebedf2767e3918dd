import {
  dayChargeStreamId,
  feeForDay,
  fold,
  invoicesDueFrom,
  invoicesStreamId,
  invoicingDecider,
  paymentsDecider,
  paymentsStreamId,
  sharePaymentsStreamId,
  splitShare,
  vatOn,
  type AllianceCode,
  type CommandMetadata,
  type DayChargeEvent,
  type Event,
  type InvoicingEvent,
  type PaymentEvent,
  type PlacementBrokered,
  type RecordPayment,
  type Role,
  type SharePaid,
} from '@lle/domain';
import {
  brokerageScenario,
  ids,
  LLE_A_SCHOOL,
  LLE_B_SCHOOL,
  P1_BROKERED,
  P2_BROKERED,
  P3_BROKERED,
} from '../brokerage/brokerage-read-models.fixtures';

/**
 * Test data for the finance read-model specs (not exported from the library), on top of the brokerage
 * scenario: each day logged there charged as the billing job would (fee, 20% VAT, the placement's share),
 * the voided day reversed; then September's invoices, a credit note, a payment and a share paid.
 *
 * - CATSA: P1 (the local authority 873 pays) days 2 (full, 1 Sep), 3 (half, 15 Sep, voided), 5 (full, 5 Oct,
 *   the deputy), 6 (half, 20 Oct); P2 (school 136853 pays) days 1 (31 Aug) and 4 (7 Sep), full days.
 * - CASSA: P3 (the local authority 873 pays) day 7 (half, 4 Oct).
 */
export interface Appended {
  readonly streamId: string;
  readonly events: readonly Event[];
  readonly actor?: { readonly subject: string; readonly role: Role };
}

const billing = { subject: 'billing-job', role: 'admin' } as const;
const finance = { subject: 'finance-1', role: 'finance' } as const;

export const metadataAt = (now: string, causationId = `cause-${now}`): CommandMetadata => ({
  now: new Date(now),
  actor: { subject: finance.subject, role: 'finance' },
  correlationId: 'corr-finance',
  causationId,
});

/** DayCharged and ShareCredited for a day of a placement, as the billing job writes them. */
export function dayCharged(
  brokered: PlacementBrokered,
  dayId: string,
  date: string,
  halfDays: 1 | 2,
  personId = brokered.data.lleId,
): DayChargeEvent[] {
  const d = brokered.data;
  const netPence = feeForDay(d.dayRatePence, halfDays);
  const { sharePence, allianceIncomePence } = splitShare(netPence, d.lleSchoolShareBps);
  const common = { chargeId: dayId, dayId, placementId: d.placementId, alliance: d.alliance, date, netPence };
  return [
    {
      type: 'DayCharged',
      data: {
        ...common,
        requestId: d.requestId,
        requestingBody: d.requestingBody,
        recipientUrn: d.recipientUrn,
        lleId: d.lleId,
        personId,
        halfDays,
        dayRatePence: d.dayRatePence,
        vat: { treatment: 'standard', rateBps: 2000, vatPence: vatOn(netPence, 2000) },
        sourceEventId: `logged-${dayId}`,
      },
    },
    {
      type: 'ShareCredited',
      data: {
        ...common,
        lleSchoolUrn: d.lleSchoolUrn,
        shareBps: d.lleSchoolShareBps,
        sharePence,
        allianceIncomePence,
      },
    },
  ];
}

/** DayChargeReversed and ShareReversed for a charge made by `dayCharged`. */
export function dayReversed(charged: readonly DayChargeEvent[], reason: string): DayChargeEvent[] {
  const [fee, share] = charged as [
    Extract<DayChargeEvent, { type: 'DayCharged' }>,
    Extract<DayChargeEvent, { type: 'ShareCredited' }>,
  ];
  const { chargeId, dayId, placementId, alliance, requestingBody, date, halfDays, netPence, vat } = fee.data;
  return [
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
        reason,
        sourceEventId: `voided-${dayId}`,
      },
    },
    {
      type: 'ShareReversed',
      data: {
        chargeId,
        dayId,
        placementId,
        alliance,
        lleSchoolUrn: share.data.lleSchoolUrn,
        date,
        netPence,
        sharePence: share.data.sharePence,
        allianceIncomePence: share.data.allianceIncomePence,
      },
    },
  ];
}

export const charges = {
  day1: dayCharged(P2_BROKERED, ids.day(1), '2027-08-31', 2),
  day2: dayCharged(P1_BROKERED, ids.day(2), '2027-09-01', 2),
  day3: dayCharged(P1_BROKERED, ids.day(3), '2027-09-15', 1),
  day4: dayCharged(P2_BROKERED, ids.day(4), '2027-09-07', 2),
  day5: dayCharged(P1_BROKERED, ids.day(5), '2027-10-05', 2, ids.deputy),
  day6: dayCharged(P1_BROKERED, ids.day(6), '2027-10-20', 1),
  day7: dayCharged(P3_BROKERED, ids.day(7), '2027-10-04', 1),
};

/** Every day of the brokerage scenario charged, and the voided one reversed. */
export function chargedScenario(): Appended[] {
  return [
    ...brokerageScenario(),
    ...Object.values(charges).map((events) => ({
      streamId: dayChargeStreamId(events[0]!.data.dayId),
      events,
      actor: billing,
    })),
    {
      streamId: dayChargeStreamId(ids.day(3)),
      events: dayReversed(charges.day3, 'Logged against the wrong school'),
      actor: billing,
    },
  ];
}

/** The CATSA invoice run for August and September on 3 October 2027: day 3 was reversed before it. */
export function septemberInvoices(): InvoicingEvent[] {
  const standing = [charges.day1, charges.day2, charges.day4].map(([fee]) => {
    const d = (fee as Extract<DayChargeEvent, { type: 'DayCharged' }>).data;
    return { ...d };
  });
  return invoicingDecider.decide(
    {
      type: 'IssueInvoices',
      data: { alliance: 'CATSA', periodFrom: '2027-08-01', periodTo: '2027-09-30', paymentTermsDays: 30 },
      metadata: metadataAt('2027-10-03T10:00:00Z'),
    },
    invoicingDecider.initialState(),
    { charges: standing, reversals: [] },
  );
}

/** A payment decided on the alliance's payments stream so far, from its invoices. */
export function payment(
  past: readonly PaymentEvent[],
  invoices: readonly InvoicingEvent[],
  data: Omit<RecordPayment['data'], 'alliance'> & { alliance?: AllianceCode },
): PaymentEvent[] {
  return paymentsDecider.decide(
    {
      type: 'RecordPayment',
      data: { alliance: 'CATSA', ...data },
      metadata: metadataAt('2027-11-20T10:00:00Z'),
    },
    fold(paymentsDecider, past),
    { invoices: invoicesDueFrom(invoices) },
  );
}

export function sharePaid(
  amountPence: number,
  schoolUrn = LLE_A_SCHOOL,
  alliance: AllianceCode = 'CATSA',
): SharePaid {
  return {
    type: 'SharePaid',
    data: {
      paymentId: `share-${schoolUrn}-${amountPence}`,
      alliance,
      schoolUrn,
      amountPence,
      paidOn: '2027-11-15',
      reference: 'BACS 900',
    },
  };
}

/**
 * The whole finance history: charges, September's two invoices (the LA's for day 2, the school's for days 1
 * and 4), the LA's invoice paid in part, the school paying more than it owes, and a share paid to the LLE A's
 * school. Nothing is credited (day 3 was reversed before invoicing); October's days stay unbilled.
 */
export function financeScenario(): Appended[] {
  const invoices = septemberInvoices();
  const first = payment([], invoices, {
    paymentId: 'payment-la',
    payer: P1_BROKERED.data.requestingBody,
    amountPence: 30_000,
    receivedOn: '2027-11-01',
    reference: 'LA 873 REMIT 1',
  });
  const second = payment(first, invoices, {
    paymentId: 'payment-school',
    payer: P2_BROKERED.data.requestingBody,
    amountPence: 120_000,
    receivedOn: '2027-11-02',
    reference: 'SWAVESEY 77',
  });
  return [
    ...chargedScenario(),
    { streamId: invoicesStreamId('CATSA'), events: invoices, actor: finance },
    { streamId: paymentsStreamId('CATSA'), events: [...first, ...second], actor: finance },
    { streamId: sharePaymentsStreamId('CATSA'), events: [sharePaid(20_000)], actor: finance },
  ];
}

export { LLE_A_SCHOOL, LLE_B_SCHOOL };
