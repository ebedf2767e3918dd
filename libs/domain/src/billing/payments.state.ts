import type { AllianceCode } from '../alliances/alliances';
import type { PaymentEvent, PaymentRecorded } from './payments.events';
import { requestingBodyKey } from './invoicing.events';

/** What an alliance's payment decisions need: each payment (for retries), references used, allocations made. */
export type PaymentsState =
  | { readonly status: 'none' }
  | {
      readonly status: 'receiving';
      readonly alliance: AllianceCode;
      readonly payments: ReadonlyMap<string, PaymentRecorded['data']>;
      /** `<payer key>\u0000<reference>` → payment id. */
      readonly references: ReadonlyMap<string, string>;
      /** Invoice id → pence allocated to it so far. */
      readonly allocated: ReadonlyMap<string, number>;
    };

export const initialPaymentsState = (): PaymentsState => ({ status: 'none' });

export function paymentReferenceKey(payer: PaymentRecorded['data']['payer'], reference: string): string {
  return `${requestingBodyKey(payer)}\u0000${reference.trim().toLowerCase()}`;
}

export function evolvePayments(state: PaymentsState, event: PaymentEvent): PaymentsState {
  switch (event.type) {
    case 'PaymentRecorded': {
      const current =
        state.status === 'none'
          ? {
              status: 'receiving' as const,
              alliance: event.data.alliance,
              payments: new Map<string, PaymentRecorded['data']>(),
              references: new Map<string, string>(),
              allocated: new Map<string, number>(),
            }
          : state;
      const { paymentId, payer, reference, allocations } = event.data;
      if (current.payments.has(paymentId)) return current;
      const allocated = new Map(current.allocated);
      for (const { invoiceId, amountPence } of allocations) {
        allocated.set(invoiceId, (allocated.get(invoiceId) ?? 0) + amountPence);
      }
      return {
        ...current,
        payments: new Map(current.payments).set(paymentId, event.data),
        references: new Map(current.references).set(paymentReferenceKey(payer, reference), paymentId),
        allocated,
      };
    }
    default:
      return state;
  }
}
