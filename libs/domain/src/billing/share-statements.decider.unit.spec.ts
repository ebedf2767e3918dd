import type { CommandMetadata } from '../shared/command';
import { given } from '../testing/decider-specification';
import type { RecordSharePaid } from './share-statements.commands';
import { shareStatementsDecider } from './share-statements.decider';

const metadata: CommandMetadata = {
  now: new Date('2027-11-10T10:00:00Z'),
  actor: { subject: 'finance-1', role: 'finance' },
  correlationId: 'c-1',
  causationId: 'c-1',
};
const paid = (data: Partial<RecordSharePaid['data']> = {}): RecordSharePaid => ({
  type: 'RecordSharePaid',
  data: {
    paymentId: 'share-1',
    alliance: 'CATSA',
    schoolUrn: 136512,
    amountPence: 27_000,
    paidOn: '2027-11-01',
    reference: 'BACS 900',
    ...data,
  },
  metadata,
});

describe('share statements', () => {
  it('records a share paid, and never pays a school more than it is owed', () => {
    const first = given(shareStatementsDecider).when(paid(), { sharesNetPence: 40_500 });
    expect(first.events).toEqual([{ type: 'SharePaid', data: paid().data }]);
    const more = given(shareStatementsDecider, ...first.events!).when(
      paid({ paymentId: 'share-2', amountPence: 13_501 }),
      { sharesNetPence: 40_500 },
    );
    expect(more.error?.code).toBe('SHARE_OVERPAID');
    expect(more.error?.details).toEqual({ owedPence: 13_500 });
    const rest = given(shareStatementsDecider, ...first.events!).when(
      paid({ paymentId: 'share-2', amountPence: 13_500 }),
      { sharesNetPence: 40_500 },
    );
    expect(rest.events).toHaveLength(1);
    expect(
      given(shareStatementsDecider, ...first.events!).when(paid(), { sharesNetPence: 40_500 }).events,
    ).toEqual([]);
  });

  it.each([
    [{ amountPence: 0 }, 'PAYMENT_AMOUNT_INVALID'],
    [{ paidOn: '2027-11-11' }, 'DATE_IN_FUTURE'],
    [{ reference: '  ' }, 'REFERENCE_REQUIRED'],
    [{ schoolUrn: -1 }, 'SCHOOL_URN_INVALID'],
  ])('refuses %j with %s', (data, code) => {
    expect(given(shareStatementsDecider).when(paid(data), { sharesNetPence: 40_500 }).error?.code).toBe(code);
  });
});
