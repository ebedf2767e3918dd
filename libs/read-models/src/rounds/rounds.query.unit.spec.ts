import { toRoundView, type RoundRow } from './rounds.query';

const row: RoundRow = {
  round_id: 'b9c1f7a2-2f4e-4c3e-9d55-0a6f3f1b2c3d',
  alliance: 'CATSA',
  opens_on: '2027-01-11',
  closes_on: '2027-02-12',
  decisions_by: '2027-03-19',
  induction_dates: ['2027-04-20'],
  closed_early_on: null,
  close_reason: null,
  scheduled_at: new Date('2026-11-27T10:00:00Z'),
  updated_at: new Date('2026-11-27T10:00:00Z'),
  stream_revision: 0,
  last_position: '9007199254740993',
};

describe('toRoundView', () => {
  it.each([
    ['2027-01-10', 'upcoming'],
    ['2027-01-11', 'open'],
    ['2027-02-12', 'open'],
    ['2027-02-13', 'closed'],
  ] as const)('on %s the round is %s', (today, phase) => {
    expect(toRoundView(row, today).phase).toBe(phase);
  });

  it('is closed from the day it closed early', () => {
    const closed = { ...row, closed_early_on: '2027-01-20', close_reason: 'enough applicants' };
    expect(toRoundView(closed, '2027-01-19').phase).toBe('open');
    expect(toRoundView(closed, '2027-01-20')).toMatchObject({
      phase: 'closed',
      closedEarlyOn: '2027-01-20',
      closeReason: 'enough applicants',
    });
  });

  it('keeps positions beyond 2^53 exact', () => {
    expect(toRoundView(row, '2027-01-01').position).toBe(9007199254740993n);
  });
});
