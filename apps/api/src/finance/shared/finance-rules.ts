import { SETTINGS, type Settings } from '@lle/config';

/**
 * What finance has configured: the payment terms invoices are issued with unless an invoice run names its
 * own (FINANCE_PAYMENT_TERMS_DAYS), and the accounts the Xero exports post to (defaults for now; one
 * provider to replace when alliances configure their own).
 */
export interface FinanceRules {
  /** Invoice due date = issue date + these days. */
  readonly paymentTermsDays: number;
  readonly xero: {
    /** The sales account fees are posted to (Xero's default chart: 200 Sales). */
    readonly salesAccountCode: string;
    /** The account the shares paid to LLEs' schools are posted to (Xero's default chart: 310 Cost of Goods Sold). */
    readonly sharesAccountCode: string;
    /** Bills for shares are due this many days after the end of their month. */
    readonly billTermsDays: number;
  };
}

export const FINANCE_RULES = Symbol('FINANCE_RULES');

export const DEFAULT_FINANCE_RULES: FinanceRules = {
  paymentTermsDays: 30,
  xero: { salesAccountCode: '200', sharesAccountCode: '310', billTermsDays: 30 },
};

/** The defaults, with the payment terms from the settings (FINANCE_PAYMENT_TERMS_DAYS). */
export const financeRulesProvider = {
  provide: FINANCE_RULES,
  inject: [SETTINGS],
  useFactory: (settings: Settings): FinanceRules => ({
    ...DEFAULT_FINANCE_RULES,
    paymentTermsDays: settings.FINANCE_PAYMENT_TERMS_DAYS,
  }),
};

/** The finance read models every finance view waits on with ?atLeast=. */
export const FINANCE_READ_MODELS = ['finance_charges', 'finance_ledger'];
