import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Command } from '../shared/command';

/** The alliance paid an LLE's school (some of) the shares it is owed. */
export type RecordSharePaid = Command<
  'RecordSharePaid',
  {
    paymentId: string;
    alliance: AllianceCode;
    schoolUrn: number;
    amountPence: number;
    paidOn: LocalDate;
    reference: string;
  }
>;

export type ShareStatementCommand = RecordSharePaid;

/**
 * Looked up before deciding (from the charges read model): the school's shares credited by the alliance's
 * charges less those reversed, in pence.
 */
export interface ShareStatementContext {
  readonly sharesNetPence: number;
}
