import { EventRegistry } from '@lle/application';
import {
  EVENT_TYPES,
  invoicesStreamId,
  type ChargeToInvoice,
  type CommandMetadata,
  type InvoiceIssued,
  type InvoicingContext,
} from '@lle/domain';
import { InMemoryEventStore } from '@lle/event-store';
import { FinanceService, type ChargesLookup } from './finance-service';

const registry = new EventRegistry(EVENT_TYPES);
const metadata = (causationId: string): CommandMetadata => ({
  now: new Date('2027-10-05T10:00:00Z'),
  actor: { subject: 'finance-1', role: 'finance' },
  correlationId: causationId,
  causationId,
});

function charge(n: number, urn: number): ChargeToInvoice {
  return {
    chargeId: `day-${n}`,
    dayId: `day-${n}`,
    placementId: 'placement-1',
    alliance: 'CATSA',
    requestingBody: { kind: 'school', urn },
    date: `2027-09-0${n}`,
    halfDays: 2,
    dayRatePence: 45_000,
    netPence: 45_000,
    vat: { treatment: 'standard', rateBps: 2000, vatPence: 9_000 },
  };
}

/**
 * Two invoice runs for one alliance at once, made to collide: each reads the invoices stream, then waits
 * for the other before deciding, so both decide from the same revision. The second append conflicts, is
 * retried on fresh state, and finds nothing left to bill: the numbers go on without a gap and no charge is
 * invoiced twice.
 */
describe('FinanceService: invoice runs at once', () => {
  it('conflict on the alliance stream and retry, never reusing a number nor invoicing a charge twice', async () => {
    const store = new InMemoryEventStore();
    const context: InvoicingContext = { charges: [charge(1, 100001), charge(2, 100002)], reversals: [] };
    let waiting = 0;
    let release!: () => void;
    const bothRead = new Promise<void>((resolve) => (release = resolve));
    const lookups: string[] = [];
    const charges: ChargesLookup = {
      async forInvoicing() {
        lookups.push('lookup');
        if (++waiting === 2) release();
        await bothRead;
        return context;
      },
      sharesNetPence: async () => 0,
    };
    const finance = new FinanceService({ store, registry, charges });
    const run = (id: string) =>
      finance.issueInvoices(
        { alliance: 'CATSA', periodFrom: '2027-09-01', periodTo: '2027-09-30', paymentTermsDays: 30 },
        metadata(id),
      );

    const results = await Promise.all([run('run-1'), run('run-2')]);

    expect(results.map((result) => result.written).sort()).toEqual([0, 2]);
    expect(lookups).toHaveLength(3); // both decided once from revision -1; the loser decided again
    const invoices = (await store.readStream(invoicesStreamId('CATSA'))).map(
      (event) => event.data as unknown as InvoiceIssued['data'],
    );
    expect(
      invoices.map((invoice) => [invoice.invoiceNumber, invoice.lines.map((line) => line.chargeId)]),
    ).toEqual([
      ['CATSA-000001', ['day-1']],
      ['CATSA-000002', ['day-2']],
    ]);
  });
});
