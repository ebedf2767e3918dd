import { DomainError } from '../shared/domain-error';

/**
 * The money rules, in one place. Every amount is a whole number of pence; every rate is in basis points
 * (10000 = 100%). Nothing here uses a fraction of a penny: each rule divides exactly once, with one written
 * rounding rule, using integer remainders (never a floating-point product), so the same inputs always give
 * the same pence on every machine.
 *
 * 1. The fee for a day (net of VAT): `dayRatePence * halfDays / 2`. A full day is the day rate. A half day of
 *    an ODD day rate is rounded DOWN to the whole penny (the requesting body is never charged more than half
 *    the rate): a day rate of 45,001p gives 22,500p for a half day.
 * 2. The LLE's school's share of the fee: `netPence * shareBps / 10000` rounded to the NEAREST penny, an
 *    exact half penny going DOWN (to the alliance): 0.5p of share is the alliance's. The alliance's income is
 *    the rest, `netPence - sharePence`, so share + alliance income === fee, always, and neither is negative.
 * 3. VAT on one line: `netPence * rateBps / 10000` rounded to the NEAREST penny, an exact half penny going UP
 *    (HMRC's per-line rounding). VAT is charged to the requesting body on the fee only; the share is split
 *    from the net fee.
 */

export const BPS_WHOLE = 10_000;
const HALF_DAYS_PER_FULL_DAY = 2;

/** The fee for a day or half day, before VAT (rule 1). */
export function feeForDay(dayRatePence: number, halfDays: 1 | 2): number {
  assertPence('dayRatePence', dayRatePence);
  if (halfDays !== 1 && halfDays !== 2) {
    throw new DomainError('BILLING_HALF_DAYS_INVALID', `halfDays must be 1 or 2, not ${String(halfDays)}`);
  }
  const { quotient } = divide(dayRatePence * halfDays, HALF_DAYS_PER_FULL_DAY);
  return quotient;
}

export interface ShareSplit {
  /** Credited to the LLE's school. */
  readonly sharePence: number;
  /** The brokering alliance's income: the rest of the fee. */
  readonly allianceIncomePence: number;
}

/** Splits a net fee between the LLE's school and the alliance (rule 2). */
export function splitShare(netPence: number, shareBps: number): ShareSplit {
  assertPence('netPence', netPence);
  assertBps('shareBps', shareBps);
  const { quotient, remainder } = divide(netPence * shareBps, BPS_WHOLE);
  // Nearest penny; an exact half (remainder 5000 of 10000) stays down.
  const sharePence = remainder * 2 > BPS_WHOLE ? quotient + 1 : quotient;
  return { sharePence, allianceIncomePence: netPence - sharePence };
}

/** VAT on a line's net amount at a rate (rule 3). */
export function vatOn(netPence: number, rateBps: number): number {
  assertPence('netPence', netPence);
  assertBps('rateBps', rateBps);
  const { quotient, remainder } = divide(netPence * rateBps, BPS_WHOLE);
  // Nearest penny; an exact half goes up.
  return remainder * 2 >= BPS_WHOLE ? quotient + 1 : quotient;
}

/** Integer division of non-negative safe integers, exact (the remainder is computed, not estimated). */
function divide(dividend: number, divisor: number): { quotient: number; remainder: number } {
  if (!Number.isSafeInteger(dividend)) {
    throw new DomainError(
      'BILLING_AMOUNT_TOO_LARGE',
      `${dividend} pence is beyond what can be computed exactly`,
    );
  }
  const remainder = dividend % divisor;
  return { quotient: (dividend - remainder) / divisor, remainder };
}

function assertPence(field: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError(
      'BILLING_AMOUNT_INVALID',
      `${field} must be a whole number of pence, 0 or more`,
      'rule',
      {
        field,
      },
    );
  }
}

function assertBps(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > BPS_WHOLE) {
    throw new DomainError(
      'BILLING_BASIS_POINTS_INVALID',
      `${field} must be whole basis points from 0 to ${BPS_WHOLE}`,
      'rule',
      { field },
    );
  }
}
