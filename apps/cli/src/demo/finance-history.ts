import { EventRegistry, uuidV5Of } from '@lle/application';
import { DayChargeBilling, type BillSupportDayJob } from '@lle/billing';
import {
  ALLIANCE_CODES,
  dateInEngland,
  DEFAULT_BILLING_RULES,
  EVENT_TYPES,
  invoicesStreamId,
  monthPeriod,
  type AllianceCode,
  type CommandMetadata,
  type DayChargeEvent,
  type InvoiceIssued,
  type InvoicingContext,
  type LocalDate,
  type SupportDayLogged,
  type SupportDayVoided,
} from '@lle/domain';
import type { EventStore, RecordedEvent } from '@lle/event-store';
import { FinanceService, type ChargesLookup } from '../../../api/src/finance/shared/finance-service';
import { addDays, at } from './dates';

/** The demo's finance officer. */
const FINANCE = { subject: 'demo-finance', role: 'finance' } as const;
const PAYMENT_TERMS_DAYS = 30;
const PAGE = 5_000;
const BILLING_CONCURRENCY = 8;

export interface FinanceHistorySummary {
  readonly daysBilled: number;
  readonly invoiceRuns: number;
  readonly payments: number;
  readonly sharePayments: number;
  readonly events: number;
}

/**
 * The finance step of the demo seed, after the brokerage history: every day logged or voided billed as the
 * billing job does (DayChargeBilling), then, month by month, each alliance's invoice run on the 3rd of the
 * next month, the requesting bodies' payments three weeks after each invoice (most in full, every seventh in
 * part, every eleventh not at all, none after today), and each LLE school's shares for a month paid on the
 * 15th of the month after next. Every command's id is derived from what it is about, so running it again
 * writes nothing. The reconciliation of the result balances to no difference.
 */
export async function seedFinanceHistory(
  store: EventStore,
  log: (line: string) => void,
  today: LocalDate = dateInEngland(new Date()),
): Promise<FinanceHistorySummary> {
  const registry = new EventRegistry(EVENT_TYPES);
  const before = (await store.headPosition()) ?? 0n;

  const jobs = (await readAll(store, ['SupportDayLogged', 'SupportDayVoided'])).map(jobOf);
  const billing = new DayChargeBilling(store, registry, DEFAULT_BILLING_RULES);
  let billed = 0;
  await inParallel(jobs, BILLING_CONCURRENCY, async (job) => {
    await billing.bill(job, at(job.date));
    if (++billed % 500 === 0) log(`  finance: ${billed}/${jobs.length} days billed`);
  });
  log(`  finance: ${jobs.length} days logged or voided billed`);

  const charges = new ChargeStreams(
    (await readAll(store, ['DayCharged', 'ShareCredited', 'DayChargeReversed', 'ShareReversed'])).map(
      (event) => registry.upcast<DayChargeEvent>(event),
    ),
  );
  const finance = new FinanceService({ store, registry, charges });
  const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const months = charges.months().filter((month) => month <= lastMonth);

  let invoiceRuns = 0;
  for (const month of months) {
    const { from, to } = monthPeriod(month)!;
    const issuedOn = addDays(to, 3);
    for (const alliance of ALLIANCE_CODES) {
      if (!charges.any(alliance, from, to)) continue;
      await finance.issueInvoices(
        { alliance, periodFrom: from, periodTo: to, paymentTermsDays: PAYMENT_TERMS_DAYS },
        metadata(issuedOn, `invoices\u0000${alliance}\u0000${month}`),
      );
      invoiceRuns += 1;
    }
  }
  log(`  finance: ${invoiceRuns} invoice runs over ${months.length} months`);

  let payments = 0;
  for (const alliance of ALLIANCE_CODES) {
    const invoices = (await store.readStream(invoicesStreamId(alliance)))
      .filter((event) => event.type === 'InvoiceIssued')
      .map((event) => registry.upcast<InvoiceIssued>(event).data);
    for (const invoice of invoices) {
      const receivedOn = addDays(invoice.issuedOn, 21);
      if (receivedOn > today || invoice.sequence % 11 === 0) continue;
      const amountPence = invoice.sequence % 7 === 0 ? Math.ceil(invoice.totalPence / 2) : invoice.totalPence;
      await finance.recordPayment(
        {
          alliance,
          payer: invoice.requestingBody,
          amountPence,
          receivedOn,
          reference: `REMITTANCE ${invoice.invoiceNumber}`,
          invoiceIds: [invoice.invoiceId],
        },
        metadata(receivedOn, `payment\u0000${invoice.invoiceId}`),
      );
      payments += 1;
    }
  }
  log(`  finance: ${payments} payments from requesting bodies`);

  let sharePayments = 0;
  for (const month of months) {
    const paidOn = `${monthAfter(monthAfter(month))}-15`;
    if (paidOn > today) continue;
    for (const { alliance, schoolUrn, sharesPence } of charges.sharesOf(month)) {
      if (sharesPence <= 0) continue;
      await finance.recordSharePaid(
        { alliance, schoolUrn, amountPence: sharesPence, paidOn, reference: `SHARES ${month} ${schoolUrn}` },
        metadata(paidOn, `shares\u0000${alliance}\u0000${schoolUrn}\u0000${month}`),
      );
      sharePayments += 1;
    }
  }
  log(`  finance: ${sharePayments} share payments to LLEs' schools`);

  const after = (await store.headPosition()) ?? 0n;
  return { daysBilled: jobs.length, invoiceRuns, payments, sharePayments, events: Number(after - before) };
}

/** The seed's stand-in for the charges read model: the day-charge events themselves. */
class ChargeStreams implements ChargesLookup {
  constructor(private readonly events: readonly DayChargeEvent[]) {}

  async forInvoicing(alliance: AllianceCode, from: LocalDate, to: LocalDate): Promise<InvoicingContext> {
    const charges = this.events.flatMap((event) =>
      event.type === 'DayCharged' &&
      event.data.alliance === alliance &&
      event.data.date >= from &&
      event.data.date <= to
        ? [event.data]
        : [],
    );
    const reversals = this.events.flatMap((event) =>
      event.type === 'DayChargeReversed' && event.data.alliance === alliance ? [event.data] : [],
    );
    return { charges, reversals };
  }

  async sharesNetPence(alliance: AllianceCode, schoolUrn: number): Promise<number> {
    return this.events.reduce((sum, event) => {
      if (event.type !== 'ShareCredited' && event.type !== 'ShareReversed') return sum;
      const { data } = event;
      if (data.alliance !== alliance || data.lleSchoolUrn !== schoolUrn) return sum;
      return event.type === 'ShareCredited' ? sum + data.sharePence : sum - data.sharePence;
    }, 0);
  }

  /** The months (YYYY-MM) with a day charged, in order. */
  months(): string[] {
    return [...new Set(this.events.map((event) => event.data.date.slice(0, 7)))].sort();
  }

  any(alliance: AllianceCode, from: LocalDate, to: LocalDate): boolean {
    return this.events.some(
      (event) =>
        event.type === 'DayCharged' &&
        event.data.alliance === alliance &&
        event.data.date >= from &&
        event.data.date <= to,
    );
  }

  /** Each school's shares for the days of a month, less those reversed, per alliance. */
  sharesOf(month: string): Array<{ alliance: AllianceCode; schoolUrn: number; sharesPence: number }> {
    const totals = new Map<string, { alliance: AllianceCode; schoolUrn: number; sharesPence: number }>();
    for (const event of this.events) {
      if (event.type !== 'ShareCredited' && event.type !== 'ShareReversed') continue;
      const { alliance, lleSchoolUrn, sharePence, date } = event.data;
      if (!date.startsWith(month)) continue;
      const key = `${alliance}\u0000${lleSchoolUrn}`;
      const total = totals.get(key) ?? { alliance, schoolUrn: lleSchoolUrn, sharesPence: 0 };
      total.sharesPence += event.type === 'ShareCredited' ? sharePence : -sharePence;
      totals.set(key, total);
    }
    return [...totals.values()].sort(
      (a, b) => a.alliance.localeCompare(b.alliance) || a.schoolUrn - b.schoolUrn,
    );
  }
}

function metadata(date: LocalDate, what: string): CommandMetadata {
  const id = uuidV5Of(`demo-finance\u0000${what}`);
  return { now: at(date), actor: FINANCE, correlationId: id, causationId: id };
}

function jobOf(event: RecordedEvent): BillSupportDayJob & { date: LocalDate } {
  const data = event.data as unknown as (SupportDayLogged | SupportDayVoided)['data'];
  return {
    placementId: data.placementId,
    dayId: data.dayId,
    sourceEventId: event.id,
    sourceType: event.type as BillSupportDayJob['sourceType'],
    date: event.type === 'SupportDayVoided' ? (data as SupportDayVoided['data']).voidedOn : data.date,
  };
}

/** The month after a month (YYYY-MM). */
function monthAfter(month: string): string {
  return addDays(monthPeriod(month)!.to, 1).slice(0, 7);
}

async function readAll(store: EventStore, types: readonly string[]): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  for (let after: bigint | undefined; ;) {
    const page = await store.readAll({ ...(after !== undefined ? { after } : {}), maxCount: PAGE });
    found.push(...page.filter((event) => types.includes(event.type)));
    if (page.length < PAGE) return found;
    after = page.at(-1)!.position;
  }
}

async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
