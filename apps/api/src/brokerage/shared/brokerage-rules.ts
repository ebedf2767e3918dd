import { DEFAULT_BROKERAGE_RULES, type BrokerageRules } from '@lle/domain';

/**
 * The brokerage rules the deciders are given (the six-day guideline, the default capacity, notes, ratings).
 * The defaults for now; one provider to replace when alliances configure their own.
 */
export const BROKERAGE_RULES = Symbol('BROKERAGE_RULES');

export const brokerageRulesProvider = {
  provide: BROKERAGE_RULES,
  useValue: DEFAULT_BROKERAGE_RULES satisfies BrokerageRules,
};
