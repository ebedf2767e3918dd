import { placementStreamId } from '@lle/domain';
import type { PostgresEventStore } from '@lle/event-store';
import type { Projection } from '@lle/projections';
import {
  appendAll,
  projectedScenario,
  projectionsDifferingFromRebuild,
  waitForProjections,
  type ProjectedScenario,
  type TestDatabase,
} from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { allRows, applyEvents, ids } from '../brokerage/brokerage-read-models.fixtures';
import { placementsProjection } from '../brokerage/placements/placements.projection';
import { schoolsProjection } from '../schools/schools.projection';
import { financeChargesProjection } from './finance-charges.projection';
import { FinanceChargesQuery } from './finance-charges.query';
import { financeLedgerProjection } from './finance-ledger.projection';
import { financeScenario, LLE_A_SCHOOL, LLE_B_SCHOOL } from './finance-read-models.fixtures';
import { InvoicesQuery } from './invoices.query';
import { ReconciliationQuery } from './reconciliation.query';
import { ShareStatementsQuery } from './share-statements.query';
import { XeroExportQuery } from './xero-export.query';

const finance: Projection[] = [financeChargesProjection, financeLedgerProjection];
const projections: Projection[] = [schoolsProjection, placementsProjection, ...finance];

/**
 * The finance read models on the brokerage scenario with every day charged, September invoiced, payments
 * and a share paid (finance-read-models.fixtures.ts), against real PostgreSQL: the rows, the views
 * computed from them, applying twice, and a rebuild from zero.
 */
describe('finance read models', () => {
  let projected: ProjectedScenario;
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    projected = await projectedScenario(projections, financeScenario());
    ({ database, store, dataSource } = projected);
  });

  afterAll(() => projected?.close());

  it('lists the invoices with what was paid and is still owed', async () => {
    const invoices = await new InvoicesQuery(dataSource).list({ alliance: 'CATSA' });
    expect(
      invoices.map((i) => [i.invoiceNumber, i.requestingBodyName, i.totalPence, i.paidPence, i.balancePence]),
    ).toEqual([
      ['CATSA-000001', 'Cambridgeshire', 54_000, 30_000, 24_000],
      ['CATSA-000002', 'Swavesey Village College', 108_000, 108_000, 0],
    ]);
    const detail = await new InvoicesQuery(dataSource).get('CATSA-000002');
    expect(detail?.lines.map((line) => [line.lineNumber, line.dayId, line.grossPence])).toEqual([
      [1, ids.day(1), 54_000],
      [2, ids.day(4), 54_000],
    ]);
    expect(detail?.allocations).toEqual([
      {
        paymentId: 'payment-school',
        reference: 'SWAVESEY 77',
        receivedOn: '2027-11-02',
        amountPence: 108_000,
      },
    ]);
  });

  it('ages what each body owes by the days past the invoice date, as at a date', async () => {
    const query = new InvoicesQuery(dataSource);
    const before = await query.receivables('2027-10-31', 'CATSA');
    expect(
      before.map((r) => [r.requestingBodyName, r.aged.days0To30, r.creditOnAccountPence, r.owedPence]),
    ).toEqual([
      ['Cambridgeshire', 54_000, 0, 54_000],
      ['Swavesey Village College', 108_000, 0, 108_000],
    ]);
    const after = await query.receivables('2027-11-20');
    expect(after.map((r) => [r.requestingBodyName, r.aged, r.creditOnAccountPence, r.owedPence])).toEqual([
      ['Cambridgeshire', { days0To30: 0, days31To60: 24_000, days61To90: 0, over90Days: 0 }, 0, 24_000],
      [
        'Swavesey Village College',
        { days0To30: 0, days31To60: 0, days61To90: 0, over90Days: 0 },
        12_000,
        -12_000,
      ],
    ]);
    const later = await query.receivables('2028-01-05');
    expect(later[0]?.aged.over90Days).toBe(24_000);
  });

  it("says what each LLE's school is owed: shares credited, less reversed, less paid", async () => {
    const balances = await new ShareStatementsQuery(dataSource).balances();
    expect(
      balances.map((b) => [
        b.alliance,
        b.schoolUrn,
        b.creditedPence,
        b.reversedPence,
        b.paidPence,
        b.owedPence,
      ]),
    ).toEqual([
      ['CASSA', LLE_B_SCHOOL, 13_500, 0, 0, 13_500],
      ['CATSA', LLE_A_SCHOOL, 135_000, 13_500, 20_000, 101_500],
    ]);
    expect(await new FinanceChargesQuery(dataSource).sharesNetPence('CATSA', LLE_A_SCHOOL)).toBe(121_500);
    const [statement] = await new ShareStatementsQuery(dataSource).statements(LLE_A_SCHOOL);
    expect(statement?.entries.map((e) => [e.date, e.kind, e.amountPence])).toContainEqual([
      '2027-09-15',
      'share_reversed',
      -13_500,
    ]);
    expect(statement?.entries.reduce((sum, entry) => sum + entry.amountPence, 0)).toBe(101_500);
  });

  it('gives invoicing the unbilled charges of the period and leaves out the invoiced and the reversed', async () => {
    const context = await new FinanceChargesQuery(dataSource).forInvoicing(
      'CATSA',
      '2027-08-01',
      '2027-10-31',
    );
    expect(context.charges.map((charge) => charge.dayId)).toEqual([ids.day(5), ids.day(6)]);
    expect(context.reversals.map((reversal) => reversal.dayId)).toEqual([ids.day(3)]);
  });

  it('reconciles a clean history to no difference, listing the days not yet invoiced', async () => {
    const report = await new ReconciliationQuery(dataSource).report();
    expect(report.differences).toEqual([]);
    expect(report.balanced).toBe(true);
    expect(report.totals).toMatchObject({
      daysDelivered: 6,
      daysInvoiced: 3,
      daysUnbilled: 3,
      feesNetPence: 225_000,
      sharesPence: 135_000,
      allianceIncomePence: 90_000,
      invoicedPence: 162_000,
      paymentsPence: 150_000,
      allocatedPence: 138_000,
      creditOnAccountPence: 12_000,
      differencePence: 0,
    });
    expect(report.unbilled.map((day) => day.dayId)).toEqual([ids.day(7), ids.day(5), ids.day(6)]);
  });

  it('pages the Xero export and bills each school once a month', async () => {
    const exports = new XeroExportQuery(dataSource);
    const page = await exports.salesDocuments({ from: '2027-10-01', to: '2027-10-31' }, 1, 1);
    expect([page.pages, page.total, page.items.map((d) => d.number)]).toEqual([2, 2, ['CATSA-000001']]);
    const bills = await exports.shareBills(
      { from: '2027-09-01', to: '2027-09-30', alliance: 'CATSA' },
      1,
      500,
    );
    expect(
      bills.items.map((bill) => [bill.schoolUrn, bill.month, bill.lines.map((l) => l.sharePence)]),
    ).toEqual([[LLE_A_SCHOOL, '2027-09', [27_000, 27_000, 13_500, -13_500]]]);
  });

  it('lists a delivered day whose charge was never written as a difference', async () => {
    await appendAll(store, [
      {
        streamId: placementStreamId(ids.p3),
        events: [
          {
            type: 'SupportDayLogged',
            data: {
              placementId: ids.p3,
              dayId: ids.day(8),
              personId: ids.lleB,
              deliveredAs: 'lle',
              date: '2027-10-11',
              halfDays: 2,
              note: 'Coached the head',
              loggedOn: '2027-10-11',
            },
          },
        ],
      },
    ]);
    await waitForProjections(
      dataSource,
      store,
      projections.map((projection) => projection.name),
    );
    const report = await new ReconciliationQuery(dataSource).report('CASSA');
    expect(report.balanced).toBe(false);
    expect(report.differences).toEqual([
      expect.objectContaining({
        code: 'DAY_NOT_CHARGED',
        reference: ids.day(8),
        alliance: 'CASSA',
        date: '2027-10-11',
        differencePence: 45_000,
      }),
    ]);
    expect((await new ReconciliationQuery(dataSource).report('CATSA')).balanced).toBe(true);
  });

  it('changes nothing when the events are applied again', async () => {
    const tables = finance.flatMap((projection) => projection.tables);
    const before = await allRows(dataSource, tables);
    await applyEvents(dataSource, finance, await store.readAll());
    expect(await allRows(dataSource, tables)).toEqual(before);
  });

  it('rebuilds identical from the events', async () => {
    expect(await projectionsDifferingFromRebuild(database.url, store, finance)).toEqual([]);
  });
});
