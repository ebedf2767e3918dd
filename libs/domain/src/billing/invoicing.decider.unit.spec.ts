import type { CommandMetadata } from '../shared/command';
import { given } from '../testing/decider-specification';
import type { ChargeReversal, ChargeToInvoice, IssueInvoices } from './invoicing.commands';
import { invoicingDecider } from './invoicing.decider';
import type { CreditNoteIssued, InvoiceIssued, InvoicingEvent } from './invoicing.events';

const metadata = (now = '2027-10-05T10:00:00Z'): CommandMetadata => ({
  now: new Date(now),
  actor: { subject: 'finance-1', role: 'finance' },
  correlationId: 'c-1',
  causationId: 'c-1',
});
const LA = { kind: 'local_authority', laCode: '873' } as const;
const SCHOOL = { kind: 'school', urn: 136853 } as const;
const standard = (netPence: number) => ({
  treatment: 'standard' as const,
  rateBps: 2000,
  vatPence: netPence / 5,
});

function charge(n: number, date: string, overrides: Partial<ChargeToInvoice> = {}): ChargeToInvoice {
  return {
    chargeId: `day-${n}`,
    dayId: `day-${n}`,
    placementId: 'placement-1',
    alliance: 'CATSA',
    requestingBody: LA,
    date,
    halfDays: 2,
    dayRatePence: 45_000,
    netPence: 45_000,
    vat: standard(45_000),
    ...overrides,
  };
}

function reversal(of: ChargeToInvoice, reason = 'Logged against the wrong school'): ChargeReversal {
  const { chargeId, dayId, placementId, date, halfDays, netPence, vat } = of;
  return { chargeId, dayId, placementId, date, halfDays, netPence, vat, reason };
}

const issue = (data: Partial<IssueInvoices['data']> = {}, now?: string): IssueInvoices => ({
  type: 'IssueInvoices',
  data: {
    alliance: 'CATSA',
    periodFrom: '2027-09-01',
    periodTo: '2027-09-30',
    paymentTermsDays: 30,
    ...data,
  },
  metadata: metadata(now),
});

const september = [
  charge(2, '2027-09-15'),
  charge(1, '2027-09-01', { halfDays: 1, netPence: 22_500, vat: standard(22_500) }),
  charge(3, '2027-09-07', { requestingBody: SCHOOL }),
  charge(4, '2027-10-01'),
  charge(5, '2027-09-20', { alliance: 'CASSA' }),
];

function invoicesOf(events: InvoicingEvent[] | undefined): InvoiceIssued['data'][] {
  return (events ?? []).filter((e): e is InvoiceIssued => e.type === 'InvoiceIssued').map((e) => e.data);
}

describe('invoicing', () => {
  it("gives each requesting body one invoice of its unbilled charges in the period, numbered in the alliance's sequence", () => {
    const { events } = given(invoicingDecider).when(issue(), { charges: september, reversals: [] });
    const invoices = invoicesOf(events);
    expect(invoices.map((i) => [i.invoiceNumber, i.sequence, i.requestingBody])).toEqual([
      ['CATSA-000001', 1, LA],
      ['CATSA-000002', 2, SCHOOL],
    ]);
    const [la] = invoices;
    expect(la!.lines.map((line) => [line.lineNumber, line.dayId, line.netPence, line.grossPence])).toEqual([
      [1, 'day-1', 22_500, 27_000],
      [2, 'day-2', 45_000, 54_000],
    ]);
    expect(la).toMatchObject({
      netPence: 67_500,
      vatPence: 13_500,
      totalPence: 81_000,
      issuedOn: '2027-10-05',
      dueOn: '2027-11-04',
      periodFrom: '2027-09-01',
      periodTo: '2027-09-30',
    });
  });

  it('never invoices a charge twice, and carries on the numbers without a gap', () => {
    const first = given(invoicingDecider).when(issue(), { charges: september, reversals: [] }).events!;
    const again = given(invoicingDecider, ...first).when(issue(), { charges: september, reversals: [] });
    expect(again.events).toEqual([]);

    const october = given(invoicingDecider, ...first).when(
      issue({ periodFrom: '2027-10-01', periodTo: '2027-10-31' }, '2027-11-02T10:00:00Z'),
      { charges: [...september, charge(6, '2027-10-10', { requestingBody: SCHOOL })], reversals: [] },
    );
    expect(invoicesOf(october.events).map((i) => [i.invoiceNumber, i.lines.map((l) => l.dayId)])).toEqual([
      ['CATSA-000003', ['day-4']],
      ['CATSA-000004', ['day-6']],
    ]);
  });

  it('leaves out a charge reversed before it was invoiced', () => {
    const { events } = given(invoicingDecider).when(issue(), {
      charges: september,
      reversals: [reversal(september[1]!)],
    });
    expect(invoicesOf(events)[0]!.lines.map((line) => line.dayId)).toEqual(['day-2']);
    expect(events!.some((event) => event.type === 'CreditNoteIssued')).toBe(false);
  });

  it('credits a charge reversed after it was invoiced with a credit note referring to the invoice, once', () => {
    const issued = given(invoicingDecider).when(issue(), { charges: september, reversals: [] }).events!;
    const context = { charges: september, reversals: [reversal(september[0]!)] };
    const { events } = given(invoicingDecider, ...issued).when(issue({}, '2027-10-20T10:00:00Z'), context);
    expect(events).toHaveLength(1);
    const note = (events![0] as CreditNoteIssued).data;
    expect(note).toMatchObject({
      creditNoteNumber: 'CATSA-CN-000001',
      invoiceId: 'CATSA-000001',
      requestingBody: LA,
      issuedOn: '2027-10-20',
      netPence: 45_000,
      vatPence: 9_000,
      totalPence: 54_000,
    });
    expect(note.lines).toEqual([
      expect.objectContaining({
        lineNumber: 1,
        invoiceLineNumber: 2,
        dayId: 'day-2',
        reason: 'Logged against the wrong school',
      }),
    ]);
    expect(given(invoicingDecider, ...issued, ...events!).when(issue(), context).events).toEqual([]);
  });

  it.each([
    [{ periodFrom: '2027-09-31' }, 'DATE_INVALID'],
    [{ periodFrom: '2027-10-01', periodTo: '2027-09-30' }, 'PERIOD_OUT_OF_ORDER'],
    [{ periodTo: '2027-10-06' }, 'PERIOD_NOT_ENDED'],
    [{ paymentTermsDays: -1 }, 'PAYMENT_TERMS_INVALID'],
    [{ paymentTermsDays: 1.5 }, 'PAYMENT_TERMS_INVALID'],
    [{ alliance: 'NOWHERE' as never }, 'UNKNOWN_ALLIANCE'],
  ])('refuses %j with %s', (data, code) => {
    const outcome = given(invoicingDecider).when(issue(data), { charges: september, reversals: [] });
    expect(outcome.error?.code).toBe(code);
  });
});
