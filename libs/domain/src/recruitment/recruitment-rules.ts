import { DEFAULT_ELIGIBILITY_CONFIG, type EligibilityConfig } from './eligibility-rules';

/**
 * The configurable side of recruitment, loaded at the edge and passed to the deciders in their context, so
 * a change of configuration never rewrites what events already say (each event records what it applied).
 */
export interface RecruitmentRules {
  readonly eligibility: EligibilityConfig;
  readonly assessment: {
    /** Part B is assessed by at least this many different assessors before the reference is reviewed. */
    readonly minimumPartBAssessors: number;
    /** The whole-number scale each Part B area is scored on. */
    readonly partBScore: { readonly min: number; readonly max: number };
  };
  readonly designation: {
    /**
     * Days an LLE may be placed per academic year across all their placements, unless the designation says
     * otherwise. The source texts only say a placement typically takes no more than six days a year; 12
     * (two such placements beside leading their own school) is our default, not theirs.
     */
    readonly daysPerAcademicYear: number;
  };
}

export const DEFAULT_RECRUITMENT_RULES: RecruitmentRules = {
  eligibility: DEFAULT_ELIGIBILITY_CONFIG,
  assessment: { minimumPartBAssessors: 2, partBScore: { min: 1, max: 4 } },
  designation: { daysPerAcademicYear: 12 },
};
