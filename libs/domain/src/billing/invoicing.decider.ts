import { isAllianceCode } from '../alliances/alliances';
import { dateInEngland, isLocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { shiftDate } from './billing-dates';
import type {
  ChargeReversal,
  ChargeToInvoice,
  InvoicingCommand,
  InvoicingContext,
  IssueInvoices,
} from './invoicing.commands';
import {
  creditNoteNumberOf,
  invoiceNumberOf,
  requestingBodyKey,
  type CreditNoteIssued,
  type InvoiceIssued,
  type InvoicingEvent,
} from './invoicing.events';
import { evolveInvoicing, initialInvoicingState, type InvoicingState } from './invoicing.state';

/** Payment terms are whole days, from none (due on issue) to a year. */
export const MAX_PAYMENT_TERMS_DAYS = 365;

export const invoicingDecider: Decider<InvoicingCommand, InvoicingEvent, InvoicingState, InvoicingContext> = {
  initialState: initialInvoicingState,
  evolve: evolveInvoicing,
  decide(command, state, context) {
    switch (command.type) {
      case 'IssueInvoices':
        return issueInvoices(command, state, context);
      default:
        return assertNever(command.type);
    }
  },
};

function issueInvoices(
  command: IssueInvoices,
  state: InvoicingState,
  context: InvoicingContext,
): InvoicingEvent[] {
  const { alliance, periodFrom, periodTo, paymentTermsDays } = command.data;
  const issuedOn = dateInEngland(command.metadata.now);
  if (!isAllianceCode(alliance)) {
    throw new DomainError('UNKNOWN_ALLIANCE', `There is no alliance ${String(alliance)}`);
  }
  for (const [field, value] of [
    ['periodFrom', periodFrom],
    ['periodTo', periodTo],
  ] as const) {
    if (!isLocalDate(value)) throw new DomainError('DATE_INVALID', `${field} ${String(value)} is not a date`);
  }
  if (periodTo < periodFrom) {
    throw new DomainError(
      'PERIOD_OUT_OF_ORDER',
      `The period ends on ${periodTo}, before it starts on ${periodFrom}`,
    );
  }
  if (periodTo > issuedOn) {
    throw new DomainError(
      'PERIOD_NOT_ENDED',
      `The period ends on ${periodTo}, after today (${issuedOn}): days not yet delivered cannot be invoiced`,
    );
  }
  if (
    !Number.isSafeInteger(paymentTermsDays) ||
    paymentTermsDays < 0 ||
    paymentTermsDays > MAX_PAYMENT_TERMS_DAYS
  ) {
    throw new DomainError(
      'PAYMENT_TERMS_INVALID',
      `Payment terms are whole days from 0 to ${MAX_PAYMENT_TERMS_DAYS}, not ${String(paymentTermsDays)}`,
    );
  }
  const invoiced = state.status === 'invoicing' ? state.invoiced : new Map();
  const credited = state.status === 'invoicing' ? state.credited : new Map();
  const reversed = new Map(context.reversals.map((reversal) => [reversal.chargeId, reversal]));

  const unbilled = context.charges.filter(
    (charge) =>
      charge.alliance === alliance &&
      charge.date >= periodFrom &&
      charge.date <= periodTo &&
      !invoiced.has(charge.chargeId) &&
      !reversed.has(charge.chargeId),
  );
  const invoices = invoicesFor(unbilled, {
    alliance,
    periodFrom,
    periodTo,
    issuedOn,
    paymentTermsDays,
    firstSequence: (state.status === 'invoicing' ? state.invoicesIssued : 0) + 1,
  });

  const toCredit = [...reversed.values()].filter(
    (reversal) => invoiced.has(reversal.chargeId) && !credited.has(reversal.chargeId),
  );
  const creditNotes = creditNotesFor(toCredit, state, issuedOn);
  return [...invoices, ...creditNotes];
}

interface InvoiceRun {
  readonly alliance: InvoiceIssued['data']['alliance'];
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly issuedOn: string;
  readonly paymentTermsDays: number;
  readonly firstSequence: number;
}

/** One invoice per requesting body (bodies in key order), its lines by date then day id. */
function invoicesFor(charges: readonly ChargeToInvoice[], run: InvoiceRun): InvoiceIssued[] {
  const byBody = new Map<string, ChargeToInvoice[]>();
  for (const charge of charges) {
    const key = requestingBodyKey(charge.requestingBody);
    byBody.set(key, [...(byBody.get(key) ?? []), charge]);
  }
  const keys = [...byBody.keys()].sort();
  return keys.map((key, index) => {
    const sequence = run.firstSequence + index;
    const invoiceNumber = invoiceNumberOf(run.alliance, sequence);
    const lines = byBody
      .get(key)!
      .slice()
      .sort((a, b) => a.date.localeCompare(b.date) || a.dayId.localeCompare(b.dayId))
      .map((charge, lineIndex) => ({
        lineNumber: lineIndex + 1,
        chargeId: charge.chargeId,
        dayId: charge.dayId,
        placementId: charge.placementId,
        date: charge.date,
        halfDays: charge.halfDays,
        dayRatePence: charge.dayRatePence,
        netPence: charge.netPence,
        vat: { ...charge.vat },
        grossPence: charge.netPence + charge.vat.vatPence,
      }));
    return {
      type: 'InvoiceIssued',
      data: {
        invoiceId: invoiceNumber,
        invoiceNumber,
        sequence,
        alliance: run.alliance,
        requestingBody: byBody.get(key)![0]!.requestingBody,
        periodFrom: run.periodFrom,
        periodTo: run.periodTo,
        issuedOn: run.issuedOn,
        dueOn: shiftDate(run.issuedOn, run.paymentTermsDays),
        paymentTermsDays: run.paymentTermsDays,
        lines,
        ...totalsOf(lines),
      },
    };
  });
}

/** One credit note per invoice whose charges were reversed, in invoice order, lines in invoice-line order. */
function creditNotesFor(
  reversals: readonly ChargeReversal[],
  state: InvoicingState,
  issuedOn: string,
): CreditNoteIssued[] {
  if (state.status !== 'invoicing' || reversals.length === 0) return [];
  const byInvoice = new Map<string, ChargeReversal[]>();
  for (const reversal of reversals) {
    const { invoiceId } = state.invoiced.get(reversal.chargeId)!;
    byInvoice.set(invoiceId, [...(byInvoice.get(invoiceId) ?? []), reversal]);
  }
  return [...byInvoice.keys()].sort().map((invoiceId, index) => {
    const sequence = state.creditNotesIssued + index + 1;
    const creditNoteNumber = creditNoteNumberOf(state.alliance, sequence);
    const onInvoice = (reversal: ChargeReversal) => state.invoiced.get(reversal.chargeId)!;
    const lines = byInvoice
      .get(invoiceId)!
      .slice()
      .sort((a, b) => onInvoice(a).lineNumber - onInvoice(b).lineNumber)
      .map((reversal, lineIndex) => ({
        lineNumber: lineIndex + 1,
        invoiceLineNumber: onInvoice(reversal).lineNumber,
        chargeId: reversal.chargeId,
        dayId: reversal.dayId,
        placementId: reversal.placementId,
        date: reversal.date,
        halfDays: reversal.halfDays,
        netPence: reversal.netPence,
        vat: { ...reversal.vat },
        grossPence: reversal.netPence + reversal.vat.vatPence,
        reason: reversal.reason,
      }));
    const invoice = onInvoice(byInvoice.get(invoiceId)![0]!);
    return {
      type: 'CreditNoteIssued',
      data: {
        creditNoteId: creditNoteNumber,
        creditNoteNumber,
        sequence,
        alliance: state.alliance,
        invoiceId,
        invoiceNumber: invoice.invoiceNumber,
        requestingBody: invoice.requestingBody,
        issuedOn,
        lines,
        ...totalsOf(lines),
      },
    };
  });
}

/** Totals are sums of the lines as charged: no rounding here. */
function totalsOf(lines: readonly { netPence: number; vat: { vatPence: number } }[]): {
  netPence: number;
  vatPence: number;
  totalPence: number;
} {
  const netPence = lines.reduce((sum, line) => sum + line.netPence, 0);
  const vatPence = lines.reduce((sum, line) => sum + line.vat.vatPence, 0);
  return { netPence, vatPence, totalPence: netPence + vatPence };
}
