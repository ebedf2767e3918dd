import { isAllianceCode } from '../alliances/alliances';
import { isBlank, isPositiveWholeNumber } from '../brokerage/checks';
import { copyRequestingBody } from '../brokerage/support-request.state';
import { dateInEngland, isLocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { requestingBodyKey } from './invoicing.events';
import type { InvoiceDue, PaymentCommand, PaymentContext, RecordPayment } from './payments.commands';
import type { PaymentAllocation, PaymentEvent } from './payments.events';
import {
  evolvePayments,
  initialPaymentsState,
  paymentReferenceKey,
  type PaymentsState,
} from './payments.state';

export const paymentsDecider: Decider<PaymentCommand, PaymentEvent, PaymentsState, PaymentContext> = {
  initialState: initialPaymentsState,
  evolve: evolvePayments,
  decide(command, state, context) {
    switch (command.type) {
      case 'RecordPayment':
        return recordPayment(command, state, context);
      default:
        return assertNever(command.type);
    }
  },
};

function recordPayment(
  command: RecordPayment,
  state: PaymentsState,
  context: PaymentContext,
): PaymentEvent[] {
  const { paymentId, alliance, payer, amountPence, receivedOn, reference, invoiceIds } = command.data;
  const earlier = state.status === 'receiving' ? state.payments.get(paymentId) : undefined;
  if (earlier !== undefined) {
    const same =
      earlier.amountPence === amountPence &&
      earlier.reference === String(reference).trim() &&
      earlier.receivedOn === receivedOn &&
      requestingBodyKey(earlier.payer) === requestingBodyKey(payer);
    if (same) return [];
    throw new DomainError(
      'PAYMENT_ALREADY_RECORDED',
      `Payment ${paymentId} is recorded with other details`,
      'conflict',
    );
  }
  if (!isAllianceCode(alliance)) {
    throw new DomainError('UNKNOWN_ALLIANCE', `There is no alliance ${String(alliance)}`);
  }
  if (!isPositiveWholeNumber(amountPence)) {
    throw new DomainError(
      'PAYMENT_AMOUNT_INVALID',
      `A payment is a whole number of pence above zero, not ${String(amountPence)}`,
    );
  }
  if (!isLocalDate(receivedOn)) {
    throw new DomainError('DATE_INVALID', `receivedOn ${String(receivedOn)} is not a date`);
  }
  const today = dateInEngland(command.metadata.now);
  if (receivedOn > today) {
    throw new DomainError(
      'DATE_IN_FUTURE',
      `A payment cannot be received on ${receivedOn}, after today (${today})`,
    );
  }
  if (isBlank(reference)) throw new DomainError('REFERENCE_REQUIRED', 'Give the payment its bank reference');
  const usedBy =
    state.status === 'receiving' ? state.references.get(paymentReferenceKey(payer, reference)) : undefined;
  if (usedBy !== undefined) {
    throw new DomainError(
      'PAYMENT_REFERENCE_USED',
      `The payer's payment with reference ${reference} is recorded already (payment ${usedBy})`,
      'conflict',
      { paymentId: usedBy },
    );
  }

  const allocated = state.status === 'receiving' ? state.allocated : new Map<string, number>();
  const payersInvoices = context.invoices.filter(
    (invoice) => requestingBodyKey(invoice.requestingBody) === requestingBodyKey(payer),
  );
  const targets = invoiceIds === undefined ? oldestFirst(payersInvoices) : named(invoiceIds, payersInvoices);

  let left = amountPence;
  const allocations: PaymentAllocation[] = [];
  for (const invoice of targets) {
    const open = invoice.totalPence - invoice.creditedPence - (allocated.get(invoice.invoiceId) ?? 0);
    const amount = Math.min(open, left);
    if (amount <= 0) continue;
    allocations.push({
      invoiceId: invoice.invoiceId,
      invoiceNumber: invoice.invoiceNumber,
      amountPence: amount,
    });
    left -= amount;
    if (left === 0) break;
  }
  return [
    {
      type: 'PaymentRecorded',
      data: {
        paymentId,
        alliance,
        payer: copyRequestingBody(payer),
        amountPence,
        receivedOn,
        reference: reference.trim(),
        allocations,
        creditOnAccountPence: left,
      },
    },
  ];
}

function oldestFirst(invoices: readonly InvoiceDue[]): InvoiceDue[] {
  return invoices.slice().sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.sequence - b.sequence);
}

/** The invoices named, in the order named; each must be the payer's. */
function named(invoiceIds: readonly string[], invoices: readonly InvoiceDue[]): InvoiceDue[] {
  const byId = new Map(invoices.map((invoice) => [invoice.invoiceId, invoice]));
  return [...new Set(invoiceIds)].map((invoiceId) => {
    const invoice = byId.get(invoiceId);
    if (invoice === undefined) {
      throw new DomainError(
        'INVOICE_NOT_FOUND',
        `There is no invoice ${invoiceId} of this payer in the alliance`,
        'not_found',
        { invoiceId },
      );
    }
    return invoice;
  });
}
