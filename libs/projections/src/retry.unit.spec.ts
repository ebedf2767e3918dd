import { backoffDelay, isTransientDatabaseError } from './retry';

describe('backoffDelay', () => {
  it('doubles from the base and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, 100, 1_000))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffDelay(500, 100, 30_000)).toBe(30_000);
  });
});

describe('isTransientDatabaseError', () => {
  it.each([
    ['a lost connection (class 08)', Object.assign(new Error('x'), { code: '08006' })],
    ['a deadlock (class 40)', Object.assign(new Error('x'), { code: '40P01' })],
    ['a server shutting down (class 57)', Object.assign(new Error('x'), { code: '57P01' })],
    ['a refused connection', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
    ['a connection the driver saw end', new Error('Connection terminated unexpectedly')],
    ['a TypeORM error wrapping one', Object.assign(new Error('x'), { driverError: { code: '57P03' } })],
  ])('says yes to %s', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    [
      'a unique violation (the projection wrote something twice)',
      Object.assign(new Error('x'), { code: '23505' }),
    ],
    ['bad input (class 22)', Object.assign(new Error('x'), { code: '22P02' })],
    ['a bug in the projection', new TypeError("Cannot read properties of undefined (reading 'roundId')")],
    ['something that is not an error', 'oops'],
  ])('says no to %s, so it counts against the event', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});
