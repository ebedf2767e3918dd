import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandHandler, EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES } from '@lle/domain';
import { PostgresEventStore } from '@lle/event-store';
import { ProjectionRunner, type Projection } from '@lle/projections';
import {
  financeChargesProjection,
  financeLedgerProjection,
  InvoicesQuery,
  placementsProjection,
  ReconciliationQuery,
  schoolsProjection,
  ShareStatementsQuery,
} from '@lle/read-models';
import {
  createTestDatabase,
  projectionsDifferingFromRebuild,
  type TestDatabase,
  waitForProjections,
} from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { importSchools } from '../schools/import-schools';
import { parseSchoolsCsv } from '../schools/parse-schools-csv';
import { seedFinanceHistory } from './finance-history';
import { planDemo } from './plan';
import { DemoSeeder } from './seed';
import { demoUseCases } from './use-cases';

const projections: Projection[] = [
  schoolsProjection,
  placementsProjection,
  financeChargesProjection,
  financeLedgerProjection,
];

/**
 * The finance step of the demo seed on a small demo history: every delivered day charged, invoiced month by
 * month, payments and shares paid, and the reconciliation balancing to no difference; a second run writes
 * nothing.
 */
describe('the demo finance history', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const rows = parseSchoolsCsv(
    readFileSync(join(__dirname, '../../../../test/fixtures/schools-sample.csv'), 'utf8'),
  ).rows;
  const plan = planDemo(
    rows.map((row) => row.record),
    { lles: 6, placements: 10, days: 40 },
  );

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { pollIntervalMs: 10 });
    dataSource = await createDataSource(database.url).initialize();
    await importSchools(new CommandHandler(store, new EventRegistry(EVENT_TYPES)), rows, {
      importId: 'schools',
      actor: { subject: 'schools-import', role: 'admin' },
    });
    await new DemoSeeder(demoUseCases(store, dataSource), plan).run();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  it('bills, invoices and pays the history, balances to no difference, and writes nothing the second time', async () => {
    const lines: string[] = [];
    const first = await seedFinanceHistory(store, (line) => lines.push(line), '2026-11-27');
    expect(first.daysBilled).toBe(plan.expected.SupportDayLogged! + plan.expected.SupportDayVoided!);
    expect(first.invoiceRuns).toBeGreaterThan(0);
    expect(first.payments).toBeGreaterThan(0);
    expect(first.sharePayments).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(/share payments/);

    const head = await store.headPosition();
    const second = await seedFinanceHistory(store, () => undefined, '2026-11-27');
    expect(second.events).toBe(0);
    expect(await store.headPosition()).toBe(head);

    const runner = new ProjectionRunner({ store, dataSource, projections, options: { batchIdleMs: 5 } });
    runner.start();
    try {
      await waitForProjections(
        dataSource,
        store,
        projections.map((projection) => projection.name),
        15_000,
      );
    } finally {
      await runner.stop();
    }
    const report = await new ReconciliationQuery(dataSource).report();
    expect(report.differences).toEqual([]);
    expect(report.balanced).toBe(true);
    expect(report.totals.daysDelivered).toBe(report.totals.daysInvoiced + report.totals.daysUnbilled);
    expect(report.totals.daysInvoiced).toBeGreaterThan(0);
    expect(report.totals.feesNetPence).toBe(report.totals.sharesPence + report.totals.allianceIncomePence);
    expect(report.totals.paymentsPence).toBe(
      report.totals.allocatedPence + report.totals.creditOnAccountPence,
    );

    const invoices = await new InvoicesQuery(dataSource).list();
    for (const alliance of new Set(invoices.map((invoice) => invoice.alliance))) {
      const sequences = invoices.filter((i) => i.alliance === alliance).map((i) => i.sequence);
      expect(sequences).toEqual(sequences.map((_, index) => index + 1));
    }
    expect(invoices.some((invoice) => invoice.balancePence > 0 && invoice.paidPence > 0)).toBe(true);
    const shares = await new ShareStatementsQuery(dataSource).balances();
    expect(shares.every((share) => share.owedPence >= 0)).toBe(true);
    expect(shares.some((share) => share.paidPence > 0)).toBe(true);
    expect(await projectionsDifferingFromRebuild(database.url, store, projections)).toEqual([]);
  }, 120_000);
});
