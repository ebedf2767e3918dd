import type { AllianceCode } from '../alliances/alliances';
import type { SharePaid, ShareStatementEvent } from './share-statements.events';

/** Each share payment made (for retries) and what each school has been paid. */
export type ShareStatementsState =
  | { readonly status: 'none' }
  | {
      readonly status: 'paying';
      readonly alliance: AllianceCode;
      readonly payments: ReadonlyMap<string, SharePaid['data']>;
      /** School URN → pence paid. */
      readonly paid: ReadonlyMap<number, number>;
    };

export const initialShareStatementsState = (): ShareStatementsState => ({ status: 'none' });

export function evolveShareStatements(
  state: ShareStatementsState,
  event: ShareStatementEvent,
): ShareStatementsState {
  switch (event.type) {
    case 'SharePaid': {
      const current =
        state.status === 'none'
          ? {
              status: 'paying' as const,
              alliance: event.data.alliance,
              payments: new Map<string, SharePaid['data']>(),
              paid: new Map<number, number>(),
            }
          : state;
      const { paymentId, schoolUrn, amountPence } = event.data;
      if (current.payments.has(paymentId)) return current;
      return {
        ...current,
        payments: new Map(current.payments).set(paymentId, event.data),
        paid: new Map(current.paid).set(schoolUrn, (current.paid.get(schoolUrn) ?? 0) + amountPence),
      };
    }
    default:
      return state;
  }
}
