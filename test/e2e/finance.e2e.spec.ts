import { execFileSync } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@lle/database';
import {
  dateInEngland,
  dayChargeStreamId,
  invoicesStreamId,
  openPlacementFrom,
  placementStreamId,
  schoolStreamId,
  shiftDate,
  type DayChargeEvent,
  type InvoiceIssued,
  type PlacementBrokered,
  type PlacementEvent,
} from '@lle/domain';
import { financeChargesProjection, financeLedgerProjection } from '@lle/read-models';
import {
  ids,
  LLE_A_SCHOOL,
  P1_BROKERED,
  P2_BROKERED,
  REQUESTING_SCHOOL,
} from '../../libs/read-models/src/brokerage/brokerage-read-models.fixtures';
import { dayCharged, dayReversed } from '../../libs/read-models/src/finance/finance-read-models.fixtures';
import { startApiTestApp, type ApiTestApp } from '../support/api-test-app';
import { appendAll, projectionsDifferingFromRebuild, waitForProjections } from '../support/read-models';

/**
 * The PDF's text, read back with pdf-parse (v2) in a child process: its pdf.js loads a worker through a
 * dynamic import, which jest's module system refuses.
 */
function pdfText(pdf: Buffer): string {
  const script =
    "const { PDFParse } = require('pdf-parse'); const chunks = [];" +
    "process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {" +
    'const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });' +
    'process.stdout.write((await parser.getText()).text); await parser.destroy(); });';
  return execFileSync(process.execPath, ['-e', script], { input: pdf, cwd: process.cwd() }).toString('utf8');
}

/**
 * Finance over real HTTP with real tokens, the worker's projections beside the API and the billing pipeline
 * off: the day charges are appended as fixtures (as the billing job writes them), for two CATSA placements
 * in September and October 2026 (P1: the local authority 873 pays; P2: Swavesey Village College pays).
 * Invoice runs (numbers without gaps, never a charge twice, even two runs at once), a credit note for a day
 * voided after invoicing, payments, shares paid, the views, the reconciliation, the Xero CSVs and the PDF.
 */
describe('finance', () => {
  let api: ApiTestApp;
  let dataSource: DataSource;
  let tokens: Record<'finance' | 'admin' | 'auditor' | 'broker', string>;
  // The billing pipeline off (the charges are fixtures), and payment terms other than the default.
  const ENV = { BILLING_ENABLED: 'false', FINANCE_PAYMENT_TERMS_DAYS: '14' };
  const envBefore = Object.fromEntries(Object.keys(ENV).map((name) => [name, process.env[name]]));
  const today = dateInEngland(new Date());
  const dueOn = shiftDate(today, 14);
  const uk = (date: string) => date.split('-').reverse().join('/');

  const placement = (brokered: PlacementBrokered): PlacementBrokered => ({
    ...brokered,
    data: {
      ...brokered.data,
      startDate: '2026-09-01',
      academicYear: '2026/27',
      endPoint: { date: '2027-03-31', description: 'The head leads observations without support' },
      brokeredOn: '2026-08-28',
    },
  });
  const p1 = placement(P1_BROKERED);
  const p2 = placement(P2_BROKERED);
  const days = {
    d1: { brokered: p1, date: '2026-09-07', halfDays: 2 },
    d2: { brokered: p1, date: '2026-09-14', halfDays: 1 },
    d3: { brokered: p1, date: '2026-10-05', halfDays: 2 },
    d4: { brokered: p2, date: '2026-09-10', halfDays: 2 },
    d5: { brokered: p2, date: '2026-10-12', halfDays: 2 },
  } as const;
  const dayId = (key: keyof typeof days) => ids.day(Number(key.slice(1)) + 40);
  const charges = Object.fromEntries(
    Object.entries(days).map(([key, day]) => [
      key,
      dayCharged(day.brokered, dayId(key as keyof typeof days), day.date, day.halfDays),
    ]),
  ) as Record<keyof typeof days, DayChargeEvent[]>;

  const logged = (key: keyof typeof days): PlacementEvent => ({
    type: 'SupportDayLogged',
    data: {
      placementId: days[key].brokered.data.placementId,
      dayId: dayId(key),
      personId: days[key].brokered.data.lleId,
      deliveredAs: 'lle',
      date: days[key].date,
      halfDays: days[key].halfDays,
      note: 'Coached the head',
      loggedOn: days[key].date,
    },
  });
  const opened = (brokered: PlacementBrokered): PlacementEvent => ({
    type: 'PlacementOpened',
    data: openPlacementFrom(brokered, {
      now: new Date('2026-08-28T10:00:00Z'),
      actor: { subject: 'broker-1', role: 'broker', alliance: 'CATSA' },
      correlationId: 'corr-1',
      causationId: 'cause-1',
    }).data,
  });
  const school = (urn: number, name: string) => ({
    streamId: schoolStreamId(urn),
    events: [
      {
        type: 'SchoolRecorded',
        data: { urn, name, laCode: '873', laName: 'Cambridgeshire', phase: 'Primary', status: 'Open' },
      },
    ],
  });

  beforeAll(async () => {
    api = await startApiTestApp({ env: ENV });
    tokens = {
      finance: await api.token('finance'),
      admin: await api.token('admin'),
      auditor: await api.token('auditor'),
      broker: await api.token('broker', 'CATSA'),
    };
    dataSource = await createDataSource(api.database.url).initialize();
    await appendAll(api.store, [
      school(LLE_A_SCHOOL, 'Histon and Impington Junior School'),
      school(REQUESTING_SCHOOL, 'Swavesey Village College'),
      {
        streamId: placementStreamId(p1.data.placementId),
        events: [opened(p1), logged('d1'), logged('d2'), logged('d3')],
      },
      { streamId: placementStreamId(p2.data.placementId), events: [opened(p2), logged('d4'), logged('d5')] },
      ...Object.entries(charges).map(([key, events]) => ({
        streamId: dayChargeStreamId(dayId(key as keyof typeof days)),
        events,
      })),
    ]);
    await caughtUp();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await api?.close();
    // startApiTestApp sets them on process.env, which the next spec file in this jest worker would inherit.
    for (const [name, value] of Object.entries(envBefore)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const caughtUp = () =>
    waitForProjections(dataSource, api.store, ['schools', 'placements', 'finance_charges', 'finance_ledger']);

  const post = (path: string, body: unknown, token = tokens.finance) =>
    api.request('POST', path, { token, body });
  const get = (path: string, token = tokens.finance) => api.request('GET', path, { token });

  async function expectNothingWritten(action: () => Promise<unknown>): Promise<void> {
    const before = await api.store.headPosition();
    await action();
    expect(await api.store.headPosition()).toBe(before);
  }

  async function invoicesOnStream(): Promise<InvoiceIssued['data'][]> {
    return (await api.store.readStream(invoicesStreamId('CATSA')))
      .filter((event) => event.type === 'InvoiceIssued')
      .map((event) => event.data as unknown as InvoiceIssued['data']);
  }

  it("issues one invoice per requesting body for September's days, and nothing when run again", async () => {
    const run = await post('/finance/invoice-runs', { alliance: 'CATSA', period: '2026-09' });
    expect(run.status).toBe(201);
    expect(run.body).toMatchObject({ streamId: 'invoices-CATSA', written: 2 });
    const again = await post('/finance/invoice-runs', { alliance: 'CATSA', period: '2026-09' });
    expect(again.body.written).toBe(0);

    const list = await get(`/finance/invoices?alliance=CATSA&atLeast=${run.body.position}`);
    expect(list.body.map((i: any) => [i.invoiceNumber, i.requestingBodyName, i.totalPence, i.dueOn])).toEqual(
      [
        ['CATSA-000001', 'Cambridgeshire', 81_000, dueOn],
        ['CATSA-000002', 'Swavesey Village College', 54_000, dueOn],
      ],
    );
    const invoice = await get('/finance/invoices/CATSA-000001');
    expect(invoice.body.lines.map((l: any) => [l.lineNumber, l.date, l.netPence, l.vat.vatPence])).toEqual([
      [1, '2026-09-07', 45_000, 9_000],
      [2, '2026-09-14', 22_500, 4_500],
    ]);
  });

  it('refuses a malformed run with 400 naming the field, a period not yet ended with 422, and anyone but finance', async () => {
    await expectNothingWritten(async () => {
      const month = await post('/finance/invoice-runs', { alliance: 'CATSA', period: '2026-13' });
      expect(month.status).toBe(400);
      expect(month.body.errors[0].field).toBe('period');
      const both = await post('/finance/invoice-runs', {
        alliance: 'CATSA',
        period: '2026-09',
        from: '2026-09-01',
      });
      expect([both.status, both.body.errors[0].field]).toEqual([400, 'period']);
      const half = await post('/finance/invoice-runs', { alliance: 'CATSA', from: '2026-09-01' });
      expect([half.status, half.body.errors[0].field]).toEqual([400, 'to']);
      const future = await post('/finance/invoice-runs', {
        alliance: 'CATSA',
        period: shiftDate(today, 40).slice(0, 7),
      });
      expect([future.status, future.body.code]).toEqual([422, 'PERIOD_NOT_ENDED']);
      for (const token of [tokens.broker, tokens.auditor, tokens.admin]) {
        const refused = await post('/finance/invoice-runs', { alliance: 'CATSA', period: '2026-10' }, token);
        expect(refused.status).toBe(403);
      }
    });
  });

  it('gives two invoice runs at once the next numbers without a gap, each charge on one invoice only', async () => {
    const runs = await Promise.all(
      [1, 2].map(() => post('/finance/invoice-runs', { alliance: 'CATSA', period: '2026-10' })),
    );
    expect(runs.map((run) => run.status)).toEqual([201, 201]);
    expect(runs.map((run) => run.body.written).sort()).toEqual([0, 2]);
    const invoices = await invoicesOnStream();
    expect(invoices.map((invoice) => invoice.invoiceNumber)).toEqual([
      'CATSA-000001',
      'CATSA-000002',
      'CATSA-000003',
      'CATSA-000004',
    ]);
    const charged = invoices.flatMap((invoice) => invoice.lines.map((line) => line.chargeId));
    expect(charged.sort()).toEqual(
      Object.keys(days)
        .map((key) => dayId(key as keyof typeof days))
        .sort(),
    );
  });

  it('credits a day voided after it was invoiced with a credit note referring to its invoice', async () => {
    await appendAll(api.store, [
      {
        streamId: placementStreamId(p1.data.placementId),
        events: [
          {
            type: 'SupportDayVoided',
            data: {
              placementId: p1.data.placementId,
              dayId: dayId('d2'),
              personId: p1.data.lleId,
              date: '2026-09-14',
              halfDays: 1,
              reason: 'Logged against the wrong school',
              voidedOn: '2026-10-01',
            },
          },
        ],
      },
      {
        streamId: dayChargeStreamId(dayId('d2')),
        events: dayReversed(charges.d2, 'Logged against the wrong school'),
      },
    ]);
    await caughtUp();
    const run = await post('/finance/invoice-runs', { alliance: 'CATSA', period: '2026-10' });
    expect(run.body.written).toBe(1);
    const invoice = await get(`/finance/invoices/CATSA-000001?atLeast=${run.body.position}`);
    expect(invoice.body).toMatchObject({ totalPence: 81_000, creditedPence: 27_000, balancePence: 54_000 });
    expect(invoice.body.creditNotes).toEqual([
      expect.objectContaining({ creditNoteNumber: 'CATSA-CN-000001', totalPence: 27_000 }),
    ]);
    expect(invoice.body.creditNotes[0].lines[0]).toMatchObject({ invoiceLineNumber: 2, dayId: dayId('d2') });
  });

  it('allocates payments oldest first, holds an overpayment on account and refuses a reference used twice', async () => {
    const la = { kind: 'local_authority', laCode: '873' };
    const school = { kind: 'school', urn: REQUESTING_SCHOOL };
    const first = await post('/finance/payments', {
      alliance: 'CATSA',
      payer: la,
      amountPence: 30_000,
      receivedOn: today,
      reference: 'LA 873 REMIT 1',
    });
    expect(first.status).toBe(201);
    const second = await post('/finance/payments', {
      alliance: 'CATSA',
      payer: school,
      amountPence: 120_000,
      receivedOn: today,
      reference: 'SWAVESEY 77',
    });
    expect(second.status).toBe(201);
    await expectNothingWritten(async () => {
      const twice = await post('/finance/payments', {
        alliance: 'CATSA',
        payer: school,
        amountPence: 5,
        receivedOn: today,
        reference: 'swavesey 77',
      });
      expect([twice.status, twice.body.code]).toEqual([409, 'PAYMENT_REFERENCE_USED']);
      const others = await post('/finance/payments', {
        alliance: 'CATSA',
        payer: la,
        amountPence: 100,
        receivedOn: today,
        reference: 'LA 873 REMIT 2',
        invoiceNumbers: ['CATSA-000002'],
      });
      expect([others.status, others.body.code]).toEqual([404, 'INVOICE_NOT_FOUND']);
      const zero = await post('/finance/payments', {
        alliance: 'CATSA',
        payer: la,
        amountPence: 0,
        receivedOn: today,
        reference: 'X',
      });
      expect([zero.status, zero.body.errors.map((e: any) => e.field)]).toEqual([400, ['amountPence']]);
      const auditor = await post(
        '/finance/payments',
        { alliance: 'CATSA', payer: la, amountPence: 1, receivedOn: today, reference: 'Y' },
        tokens.auditor,
      );
      expect(auditor.status).toBe(403);
    });

    const receivables = await get(
      `/finance/receivables?alliance=CATSA&asAt=${today}&atLeast=${second.body.position}`,
    );
    expect(
      receivables.body.map((r: any) => [
        r.requestingBodyName,
        r.aged.days0To30,
        r.creditOnAccountPence,
        r.owedPence,
      ]),
    ).toEqual([
      ['Cambridgeshire', 24_000 + 54_000, 0, 78_000],
      ['Swavesey Village College', 0, 12_000, -12_000],
    ]);
    const later = await get(`/finance/receivables?alliance=CATSA&asAt=${shiftDate(today, 45)}`);
    expect(later.body[0].aged).toEqual({ days0To30: 0, days31To60: 78_000, days61To90: 0, over90Days: 0 });
    expect((await get('/finance/receivables', tokens.auditor)).status).toBe(200);
    expect((await get('/finance/receivables', tokens.broker)).status).toBe(403);
  });

  it("pays an LLE's school its shares, never more than it is owed", async () => {
    // 60% of 450.00 for d1, d3, d4, d5 (the half day d2 reversed): 4 × 270.00.
    const owed = await get(`/finance/school-shares?alliance=CATSA`);
    expect(owed.body).toEqual([
      expect.objectContaining({ schoolUrn: LLE_A_SCHOOL, owedPence: 108_000, reversedPence: 13_500 }),
    ]);
    const paid = await post('/finance/share-payments', {
      alliance: 'CATSA',
      schoolUrn: LLE_A_SCHOOL,
      amountPence: 100_000,
      paidOn: today,
      reference: 'SHARES OCT',
    });
    expect(paid.status).toBe(201);
    await expectNothingWritten(async () => {
      const over = await post('/finance/share-payments', {
        alliance: 'CATSA',
        schoolUrn: LLE_A_SCHOOL,
        amountPence: 8_001,
        paidOn: today,
        reference: 'SHARES OCT 2',
      });
      expect([over.status, over.body.code, over.body.owedPence]).toEqual([422, 'SHARE_OVERPAID', 8_000]);
    });
    const statement = await get(`/finance/school-shares/${LLE_A_SCHOOL}?atLeast=${paid.body.position}`);
    expect(statement.body[0]).toMatchObject({ owedPence: 8_000, paidPence: 100_000 });
    expect(statement.body[0].entries.at(-1)).toMatchObject({ kind: 'share_paid', amountPence: -100_000 });
  });

  it('exports the invoices and the credit note as Xero sales invoices, and the shares as bills', async () => {
    const answer = await fetch(
      `${api.baseUrl}/finance/exports/xero/sales-invoices.csv?from=${today}&to=${today}`,
      {
        headers: { Authorization: `Bearer ${tokens.finance}` },
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(answer.headers.get('x-total-pages')).toBe('1');
    const csv = await answer.text();
    const rows = parse<Record<string, string>>(csv, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual([
      'ContactName',
      'InvoiceNumber',
      'InvoiceDate',
      'DueDate',
      'Description',
      'Quantity',
      'UnitAmount',
      'AccountCode',
      'TaxType',
      'TaxAmount',
    ]);
    const first = rows.filter((row) => row.InvoiceNumber === 'CATSA-000001');
    expect(
      first.map((r) => [
        r.ContactName,
        r.InvoiceDate,
        r.DueDate,
        r.Quantity,
        r.UnitAmount,
        r.TaxType,
        r.TaxAmount,
      ]),
    ).toEqual([
      ['Cambridgeshire', uk(today), uk(dueOn), '1', '450.00', '20% (VAT on Income)', '90.00'],
      ['Cambridgeshire', uk(today), uk(dueOn), '1', '225.00', '20% (VAT on Income)', '45.00'],
    ]);
    const credit = rows.filter((row) => row.InvoiceNumber === 'CATSA-CN-000001');
    expect(credit.map((r) => [r.Quantity, r.UnitAmount, r.TaxAmount])).toEqual([['-1', '225.00', '-45.00']]);
    const total = (number: string) =>
      rows
        .filter((row) => row.InvoiceNumber === number)
        .reduce(
          (sum, row) =>
            sum +
            Number(row.Quantity) * Math.round(Number(row.UnitAmount) * 100) +
            Math.round(Number(row.TaxAmount) * 100),
          0,
        );
    expect([1, 2, 3, 4].map((n) => total(`CATSA-00000${n}`))).toEqual([81_000, 54_000, 54_000, 54_000]);
    expect(
      rows.every(
        (row) => /^\d{2}\/\d{2}\/\d{4}$/.test(row.InvoiceDate!) && /^-?\d+\.\d{2}$/.test(row.UnitAmount!),
      ),
    ).toBe(true);

    const missing = await get(`/finance/exports/xero/sales-invoices.csv?from=${today}&to=${today}&page=2`);
    expect([missing.status, missing.body.code]).toEqual([404, 'EXPORT_PAGE_NOT_FOUND']);

    const bills = await fetch(
      `${api.baseUrl}/finance/exports/xero/share-bills.csv?period=2026-09&alliance=CATSA`,
      {
        headers: { Authorization: `Bearer ${tokens.auditor}` },
      },
    );
    const billRows = parse<Record<string, string>>(await bills.text(), { columns: true });
    expect(
      billRows.map((r) => [
        r.ContactName,
        r.InvoiceNumber,
        r.InvoiceDate,
        r.Quantity,
        r.UnitAmount,
        r.TaxType,
      ]),
    ).toEqual([
      [
        'Histon and Impington Junior School',
        `SHARES-CATSA-${LLE_A_SCHOOL}-2026-09`,
        '30/09/2026',
        '1',
        '270.00',
        'No VAT',
      ],
      [
        'Histon and Impington Junior School',
        `SHARES-CATSA-${LLE_A_SCHOOL}-2026-09`,
        '30/09/2026',
        '1',
        '270.00',
        'No VAT',
      ],
      [
        'Histon and Impington Junior School',
        `SHARES-CATSA-${LLE_A_SCHOOL}-2026-09`,
        '30/09/2026',
        '1',
        '135.00',
        'No VAT',
      ],
      [
        'Histon and Impington Junior School',
        `SHARES-CATSA-${LLE_A_SCHOOL}-2026-09`,
        '30/09/2026',
        '-1',
        '135.00',
        'No VAT',
      ],
    ]);
  });

  it('renders an invoice as a PDF with its number, body, total and terms', async () => {
    const answer = await fetch(`${api.baseUrl}/finance/invoices/CATSA-000001/pdf`, {
      headers: { Authorization: `Bearer ${tokens.finance}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(Buffer.from(await answer.arrayBuffer()));
    expect(text).toContain('Invoice CATSA-000001');
    expect(text).toContain('Cambridgeshire');
    expect(text).toContain('Total: £810.00');
    expect(text).toContain('Balance due: £240.00');
    expect(text).toContain(`Payment terms: 14 days from the invoice date, by ${uk(dueOn)}`);
    expect((await get('/finance/invoices/CATSA-999999/pdf')).status).toBe(404);
  });

  it('reconciles to no difference, then lists a delivered day whose charge was never written', async () => {
    const clean = await get('/finance/reconciliation?alliance=CATSA');
    expect(clean.body.differences).toEqual([]);
    expect(clean.body.balanced).toBe(true);
    expect(clean.body.totals).toMatchObject({
      daysDelivered: 4,
      daysInvoiced: 4,
      daysUnbilled: 0,
      feesNetPence: 180_000,
      sharesPence: 108_000,
      allianceIncomePence: 72_000,
      paymentsPence: 150_000,
      allocatedPence: 138_000,
      creditOnAccountPence: 12_000,
    });

    await appendAll(api.store, [
      {
        streamId: placementStreamId(p2.data.placementId),
        events: [
          {
            ...logged('d5'),
            data: { ...logged('d5').data, dayId: ids.day(99), date: '2026-10-19', loggedOn: '2026-10-19' },
          },
        ],
      },
    ]);
    await caughtUp();
    const report = await get('/finance/reconciliation?alliance=CATSA', tokens.auditor);
    expect(report.body.balanced).toBe(false);
    expect(report.body.differences).toEqual([
      expect.objectContaining({
        code: 'DAY_NOT_CHARGED',
        reference: ids.day(99),
        date: '2026-10-19',
        differencePence: 45_000,
      }),
    ]);
  });

  it('records a payment sent twice with the same Idempotency-Key once, held on account with no invoice to pay', async () => {
    const body = {
      alliance: 'CATSA',
      payer: { kind: 'diocese', diocese: 'Diocese of Ely' },
      amountPence: 5_000,
      receivedOn: today,
      reference: 'ELY 1',
    };
    const headers = { 'Idempotency-Key': 'ely-payment-1' };
    const first = await api.request('POST', '/finance/payments', { token: tokens.finance, body, headers });
    const second = await api.request('POST', '/finance/payments', { token: tokens.finance, body, headers });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.paymentId).toBe(first.body.paymentId);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const recorded = (await api.store.readStream('payments-CATSA')).filter(
      (event) => (event.data as { reference?: string }).reference === 'ELY 1',
    );
    expect(recorded.map((event) => event.data)).toEqual([
      expect.objectContaining({ allocations: [], creditOnAccountPence: 5_000 }),
    ]);
  });

  it('rebuilds the finance read models identical from the events', async () => {
    expect(
      await projectionsDifferingFromRebuild(api.database.url, api.store, [
        financeChargesProjection,
        financeLedgerProjection,
      ]),
    ).toEqual([]);
  });
});
