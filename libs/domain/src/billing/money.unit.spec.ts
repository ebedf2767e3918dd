import fc from 'fast-check';
import { DomainError } from '../shared/domain-error';
import { DEFAULT_BILLING_RULES, vatAsCharged } from './billing-rules';
import { BPS_WHOLE, feeForDay, splitShare, vatOn } from './money';

/** Day rates up to £100,000 a day, in pence; shares and rates over the whole 0..10000 basis points. */
const dayRate = fc.integer({ min: 0, max: 10_000_000 });
const halfDays = fc.constantFrom<1 | 2>(1, 2);
const bps = fc.integer({ min: 0, max: BPS_WHOLE });

describe('money rules', () => {
  it('a full day is the day rate; a half day of an odd rate rounds down to the penny', () => {
    expect(feeForDay(45_000, 2)).toBe(45_000);
    expect(feeForDay(45_000, 1)).toBe(22_500);
    expect(feeForDay(45_001, 1)).toBe(22_500);
    expect(feeForDay(1, 1)).toBe(0);
  });

  it('the share rounds to the nearest penny, an exact half penny going to the alliance', () => {
    expect(splitShare(45_000, 6_000)).toEqual({ sharePence: 27_000, allianceIncomePence: 18_000 });
    // 1p at 50% is half a penny: the alliance's.
    expect(splitShare(1, 5_000)).toEqual({ sharePence: 0, allianceIncomePence: 1 });
    // 3p at 50% = 1.5p: down to 1p.
    expect(splitShare(3, 5_000)).toEqual({ sharePence: 1, allianceIncomePence: 2 });
    // 22,501p at 33.33% = 7,499.5833p: up to 7,500p.
    expect(splitShare(22_501, 3_333)).toEqual({ sharePence: 7_500, allianceIncomePence: 15_001 });
    // 22,501p at 33.32% = 7,497.3332p: down to 7,497p.
    expect(splitShare(22_501, 3_332)).toEqual({ sharePence: 7_497, allianceIncomePence: 15_004 });
  });

  it('VAT rounds to the nearest penny, an exact half penny going up', () => {
    expect(vatOn(22_500, 2_000)).toBe(4_500);
    expect(vatOn(1, 5_000)).toBe(1);
    expect(vatOn(22_501, 2_000)).toBe(4_500); // 4,500.2p
    expect(vatOn(22_503, 2_000)).toBe(4_501); // 4,500.6p
    expect(vatAsCharged(22_500, 'reduced', DEFAULT_BILLING_RULES)).toEqual({
      treatment: 'reduced',
      rateBps: 500,
      vatPence: 1_125,
    });
    expect(vatAsCharged(22_500, 'exempt', DEFAULT_BILLING_RULES).vatPence).toBe(0);
  });

  it('refuses what is not whole pence or whole basis points in range, naming the field', () => {
    const codeOf = (run: () => unknown): string | undefined => {
      try {
        run();
        return undefined;
      } catch (error) {
        return error instanceof DomainError ? `${error.code}:${String(error.details?.field)}` : 'other';
      }
    };
    expect(codeOf(() => feeForDay(100.5, 2))).toBe('BILLING_AMOUNT_INVALID:dayRatePence');
    expect(codeOf(() => feeForDay(-1, 2))).toBe('BILLING_AMOUNT_INVALID:dayRatePence');
    expect(codeOf(() => splitShare(100, 10_001))).toBe('BILLING_BASIS_POINTS_INVALID:shareBps');
    expect(codeOf(() => splitShare(100, -1))).toBe('BILLING_BASIS_POINTS_INVALID:shareBps');
    expect(codeOf(() => vatOn(100, 0.5))).toBe('BILLING_BASIS_POINTS_INVALID:rateBps');
  });

  describe('for any rate, day length and share', () => {
    it('the parts add up to the fee, never negative, and the fee is the rate per half day rounded down', () => {
      fc.assert(
        fc.property(dayRate, halfDays, bps, (rate, units, share) => {
          const net = feeForDay(rate, units);
          const { sharePence, allianceIncomePence } = splitShare(net, share);
          expect(Number.isInteger(net) && Number.isInteger(sharePence)).toBe(true);
          expect(sharePence + allianceIncomePence).toBe(net);
          expect(sharePence).toBeGreaterThanOrEqual(0);
          expect(allianceIncomePence).toBeGreaterThanOrEqual(0);
          // Rule 1, checked with BigInt arithmetic: floor(rate * units / 2).
          expect(BigInt(net)).toBe((BigInt(rate) * BigInt(units)) / 2n);
          // Two half days never cost more than a full day, and at most a penny less.
          const half = feeForDay(rate, 1);
          expect(rate - 2 * half).toBeGreaterThanOrEqual(0);
          expect(rate - 2 * half).toBeLessThanOrEqual(1);
        }),
        { numRuns: 2_000 },
      );
    });

    it('the share is the nearest penny to the exact share, a half penny going down', () => {
      fc.assert(
        fc.property(dayRate, halfDays, bps, (rate, units, share) => {
          const net = feeForDay(rate, units);
          const { sharePence } = splitShare(net, share);
          // Compare 10000 x the share with the exact product: within half a penny, and a tie rounds down.
          const exact = BigInt(net) * BigInt(share);
          const scaled = BigInt(sharePence) * BigInt(BPS_WHOLE);
          const distance = scaled > exact ? scaled - exact : exact - scaled;
          expect(2n * distance <= BigInt(BPS_WHOLE)).toBe(true);
          if (2n * distance === BigInt(BPS_WHOLE)) expect(scaled < exact).toBe(true);
          // The school's share never exceeds its basis points of the fee by more than half a penny.
          expect(sharePence).toBeLessThanOrEqual(net);
        }),
        { numRuns: 2_000 },
      );
    });

    it('VAT is the nearest penny to the exact VAT, a half penny going up, and never negative', () => {
      fc.assert(
        fc.property(dayRate, halfDays, bps, (rate, units, vatRate) => {
          const net = feeForDay(rate, units);
          const vat = vatOn(net, vatRate);
          const exact = BigInt(net) * BigInt(vatRate);
          const scaled = BigInt(vat) * BigInt(BPS_WHOLE);
          const distance = scaled > exact ? scaled - exact : exact - scaled;
          expect(vat).toBeGreaterThanOrEqual(0);
          expect(2n * distance <= BigInt(BPS_WHOLE)).toBe(true);
          if (2n * distance === BigInt(BPS_WHOLE)) expect(scaled > exact).toBe(true);
        }),
        { numRuns: 2_000 },
      );
    });
  });
});
