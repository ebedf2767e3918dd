import { isAllianceCode } from '../alliances/alliances';
import { isBlank, isPositiveWholeNumber } from '../brokerage/checks';
import { dateInEngland, isLocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type {
  RecordSharePaid,
  ShareStatementCommand,
  ShareStatementContext,
} from './share-statements.commands';
import type { ShareStatementEvent } from './share-statements.events';
import {
  evolveShareStatements,
  initialShareStatementsState,
  type ShareStatementsState,
} from './share-statements.state';

export const shareStatementsDecider: Decider<
  ShareStatementCommand,
  ShareStatementEvent,
  ShareStatementsState,
  ShareStatementContext
> = {
  initialState: initialShareStatementsState,
  evolve: evolveShareStatements,
  decide(command, state, context) {
    switch (command.type) {
      case 'RecordSharePaid':
        return recordSharePaid(command, state, context);
      default:
        return assertNever(command.type);
    }
  },
};

function recordSharePaid(
  command: RecordSharePaid,
  state: ShareStatementsState,
  context: ShareStatementContext,
): ShareStatementEvent[] {
  const { paymentId, alliance, schoolUrn, amountPence, paidOn, reference } = command.data;
  const earlier = state.status === 'paying' ? state.payments.get(paymentId) : undefined;
  if (earlier !== undefined) {
    if (earlier.schoolUrn === schoolUrn && earlier.amountPence === amountPence && earlier.paidOn === paidOn) {
      return [];
    }
    throw new DomainError(
      'PAYMENT_ALREADY_RECORDED',
      `Share payment ${paymentId} is recorded with other details`,
      'conflict',
    );
  }
  if (!isAllianceCode(alliance)) {
    throw new DomainError('UNKNOWN_ALLIANCE', `There is no alliance ${String(alliance)}`);
  }
  if (!isPositiveWholeNumber(schoolUrn)) {
    throw new DomainError('SCHOOL_URN_INVALID', `A school is named by its URN, not ${String(schoolUrn)}`);
  }
  if (!isPositiveWholeNumber(amountPence)) {
    throw new DomainError(
      'PAYMENT_AMOUNT_INVALID',
      `A payment is a whole number of pence above zero, not ${String(amountPence)}`,
    );
  }
  if (!isLocalDate(paidOn)) throw new DomainError('DATE_INVALID', `paidOn ${String(paidOn)} is not a date`);
  const today = dateInEngland(command.metadata.now);
  if (paidOn > today) {
    throw new DomainError('DATE_IN_FUTURE', `A share cannot be paid on ${paidOn}, after today (${today})`);
  }
  if (isBlank(reference)) throw new DomainError('REFERENCE_REQUIRED', 'Give the payment its bank reference');
  const paid = state.status === 'paying' ? (state.paid.get(schoolUrn) ?? 0) : 0;
  const owed = context.sharesNetPence - paid;
  if (amountPence > owed) {
    throw new DomainError(
      'SHARE_OVERPAID',
      `School ${schoolUrn} is owed ${owed} pence of shares by ${alliance}; ${amountPence} would pay it more`,
      'rule',
      { owedPence: owed },
    );
  }
  return [
    {
      type: 'SharePaid',
      data: { paymentId, alliance, schoolUrn, amountPence, paidOn, reference: reference.trim() },
    },
  ];
}
