import type { RequestingBody, RequestingBodyKind } from '../brokerage/support-request.events';
import type { VatAsCharged, VatTreatment } from './day-charge.events';
import { vatOn } from './money';

/**
 * The configurable rules of billing: the VAT rate of each treatment and the treatment each kind of
 * requesting body gets unless finance set one for that body (see vat-treatment.ts). Loaded from the settings
 * at the edge and passed to the decider in its context. Each charge records the treatment and rate it
 * applied, so changing the configuration never rewrites a line already charged.
 */
export interface BillingRules {
  readonly vat: {
    /** Basis points of the net fee. zero, exempt and outside_scope are 0 by definition. */
    readonly standardRateBps: number;
    readonly reducedRateBps: number;
    /** The treatment of a body finance has not set one for, by the kind of body. */
    readonly defaultTreatment: Readonly<Record<RequestingBodyKind, VatTreatment>>;
  };
}

export const DEFAULT_BILLING_RULES: BillingRules = {
  vat: {
    standardRateBps: 2_000,
    reducedRateBps: 500,
    defaultTreatment: { school: 'standard', local_authority: 'standard', diocese: 'standard' },
  },
};

/** The rate of a treatment, in basis points. */
export function vatRateBps(treatment: VatTreatment, rules: BillingRules): number {
  switch (treatment) {
    case 'standard':
      return rules.vat.standardRateBps;
    case 'reduced':
      return rules.vat.reducedRateBps;
    default:
      return 0;
  }
}

/** VAT on one line as it is charged: the treatment, its rate now, and the VAT (money rule 3). */
export function vatAsCharged(netPence: number, treatment: VatTreatment, rules: BillingRules): VatAsCharged {
  const rateBps = vatRateBps(treatment, rules);
  return { treatment, rateBps, vatPence: vatOn(netPence, rateBps) };
}

/** The id a body is known by within its kind: a URN, an LA code, a diocese's name. */
export function requestingBodyId(body: RequestingBody): string {
  switch (body.kind) {
    case 'school':
      return String(body.urn);
    case 'local_authority':
      return body.laCode;
    case 'diocese':
      return body.diocese;
  }
}
