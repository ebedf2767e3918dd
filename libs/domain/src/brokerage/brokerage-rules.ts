import type { LLEFacts } from '../recruitment/designation.state';
import { DEFAULT_RECRUITMENT_RULES } from '../recruitment/recruitment-rules';

/**
 * The configurable rules of brokerage, in one place. Loaded at the edge and passed to the deciders in their
 * context; each event records what it applied (the guideline, the capacity), so changing the configuration
 * never rewrites what past events say.
 *
 * Days are counted in half-days (whole numbers) everywhere, so nothing is ever a fraction: a full day is 2.
 */
export interface BrokerageRules {
  readonly placement: {
    /**
     * The source texts: a placement typically takes no more than six days over an academic year. A placement
     * agreed above this needs an explicit override with a reason, kept in the event for auditors.
     */
    readonly guidelineDaysPerAcademicYear: number;
  };
  readonly capacity: {
    /**
     * Days an LLE can be placed per academic year, across all their placements, when their designation
     * carries no usable figure of its own (the designation's own figure wins).
     */
    readonly defaultDaysPerAcademicYear: number;
  };
  readonly supportDays: {
    /** A day's note is short: what was done, not a report. */
    readonly noteMaxLength: number;
  };
  readonly impact: {
    /** The whole-number scale each objective is rated on against each competency of the framework. */
    readonly rating: { readonly min: number; readonly max: number };
  };
}

export const DEFAULT_BROKERAGE_RULES: BrokerageRules = {
  placement: { guidelineDaysPerAcademicYear: 6 },
  capacity: { defaultDaysPerAcademicYear: DEFAULT_RECRUITMENT_RULES.designation.daysPerAcademicYear },
  supportDays: { noteMaxLength: 500 },
  impact: { rating: { min: 1, max: 4 } },
};

/** A full day is two half-days; one person delivers at most a full day on any date, across placements. */
export const HALF_DAYS_PER_DAY = 2;

export const DAY_LENGTHS = ['full', 'half'] as const;
export type DayLength = (typeof DAY_LENGTHS)[number];

export function halfDaysOf(length: DayLength): 1 | 2 {
  return length === 'full' ? 2 : 1;
}

export function guidelineHalfDays(rules: BrokerageRules): number {
  return rules.placement.guidelineDaysPerAcademicYear * HALF_DAYS_PER_DAY;
}

/** The LLE's capacity in half-days per academic year: their designation's figure, else the default. */
export function capacityHalfDays(lle: Pick<LLEFacts, 'daysPerAcademicYear'>, rules: BrokerageRules): number {
  const days =
    Number.isInteger(lle.daysPerAcademicYear) && lle.daysPerAcademicYear > 0
      ? lle.daysPerAcademicYear
      : rules.capacity.defaultDaysPerAcademicYear;
  return days * HALF_DAYS_PER_DAY;
}
