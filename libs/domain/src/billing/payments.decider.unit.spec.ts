import type { CommandMetadata } from '../shared/command';
import { given } from '../testing/decider-specification';
import type { InvoiceDue, RecordPayment } from './payments.commands';
import { paymentsDecider } from './payments.decider';
import type { PaymentRecorded } from './payments.events';

const metadata: CommandMetadata = {
  now: new Date('2027-11-10T10:00:00Z'),
  actor: { subject: 'finance-1', role: 'finance' },
  correlationId: 'c-1',
  causationId: 'c-1',
};
const LA = { kind: 'local_authority', laCode: '873' } as const;
const OTHER = { kind: 'diocese', diocese: 'Diocese of Ely' } as const;

const invoice = (
  sequence: number,
  issuedOn: string,
  totalPence: number,
  extra: Partial<InvoiceDue> = {},
): InvoiceDue => ({
  invoiceId: `CATSA-00000${sequence}`,
  invoiceNumber: `CATSA-00000${sequence}`,
  sequence,
  requestingBody: LA,
  issuedOn,
  totalPence,
  creditedPence: 0,
  ...extra,
});
const invoices = [
  invoice(2, '2027-10-05', 30_000),
  invoice(1, '2027-10-05', 54_000, { creditedPence: 4_000 }),
  invoice(3, '2027-09-05', 10_000, { requestingBody: OTHER }),
];

const pay = (data: Partial<RecordPayment['data']> = {}): RecordPayment => ({
  type: 'RecordPayment',
  data: {
    paymentId: 'payment-1',
    alliance: 'CATSA',
    payer: LA,
    amountPence: 60_000,
    receivedOn: '2027-11-09',
    reference: 'BACS 123',
    ...data,
  },
  metadata,
});

const recorded = (events: unknown[] | undefined) => (events![0] as PaymentRecorded).data;

describe('payments', () => {
  it("pays the payer's oldest open invoices first, less their credit notes, leaving the last part paid", () => {
    const { events } = given(paymentsDecider).when(pay(), { invoices });
    expect(recorded(events)).toMatchObject({
      allocations: [
        { invoiceId: 'CATSA-000001', amountPence: 50_000 },
        { invoiceId: 'CATSA-000002', amountPence: 10_000 },
      ],
      creditOnAccountPence: 0,
    });
  });

  it('holds what is left over as credit on account, and counts what earlier payments allocated', () => {
    const first = given(paymentsDecider).when(pay(), { invoices }).events!;
    const { events } = given(paymentsDecider, ...first).when(
      pay({ paymentId: 'payment-2', reference: 'BACS 124', amountPence: 25_000 }),
      { invoices },
    );
    expect(recorded(events)).toMatchObject({
      allocations: [{ invoiceId: 'CATSA-000002', amountPence: 20_000 }],
      creditOnAccountPence: 5_000,
    });
  });

  it('pays the invoices named, in order', () => {
    const { events } = given(paymentsDecider).when(
      pay({ amountPence: 20_000, invoiceIds: ['CATSA-000002'] }),
      {
        invoices,
      },
    );
    expect(recorded(events).allocations).toEqual([
      { invoiceId: 'CATSA-000002', invoiceNumber: 'CATSA-000002', amountPence: 20_000 },
    ]);
  });

  it("refuses an invoice of another payer, a reference used, a future date and an amount that isn't pence", () => {
    expect(given(paymentsDecider).when(pay({ invoiceIds: ['CATSA-000003'] }), { invoices }).error?.code).toBe(
      'INVOICE_NOT_FOUND',
    );
    const first = given(paymentsDecider).when(pay(), { invoices }).events!;
    expect(
      given(paymentsDecider, ...first).when(pay({ paymentId: 'payment-2', reference: ' bacs 123 ' }), {
        invoices,
      }).error?.code,
    ).toBe('PAYMENT_REFERENCE_USED');
    expect(given(paymentsDecider).when(pay({ receivedOn: '2027-11-11' }), { invoices }).error?.code).toBe(
      'DATE_IN_FUTURE',
    );
    expect(given(paymentsDecider).when(pay({ amountPence: 10.5 }), { invoices }).error?.code).toBe(
      'PAYMENT_AMOUNT_INVALID',
    );
  });

  it('writes nothing when the same payment is recorded again', () => {
    const first = given(paymentsDecider).when(pay(), { invoices }).events!;
    expect(given(paymentsDecider, ...first).when(pay(), { invoices }).events).toEqual([]);
  });
});
