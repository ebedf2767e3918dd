import { DEFAULT_RECRUITMENT_RULES, type RecruitmentRules } from '@lle/domain';

/**
 * The recruitment rules the deciders are given (Part B assessors, score scale, eligibility thresholds,
 * days per year). The defaults for now; one provider to replace when alliances configure their own.
 */
export const RECRUITMENT_RULES = Symbol('RECRUITMENT_RULES');

export const recruitmentRulesProvider = {
  provide: RECRUITMENT_RULES,
  useValue: DEFAULT_RECRUITMENT_RULES satisfies RecruitmentRules,
};
