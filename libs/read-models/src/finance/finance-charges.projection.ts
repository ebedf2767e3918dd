import { assertNever, DAY_CHARGE_EVENT_TYPES, type DayChargeEvent } from '@lle/domain';
import type { Projection } from '@lle/projections';
import { requestingBodyValues } from '../brokerage/brokerage-columns';

/**
 * One row per day charged (table `finance_charges`, migration 1764320000000-finance-read-models): DayCharged
 * fills the fee and VAT as charged, ShareCredited the LLE school's share and the alliance's income (in
 * whichever order they come, each its own columns), DayChargeReversed and ShareReversed mark it reversed,
 * once. Invoicing reads the unbilled charges here; the share statements what each school is owed.
 */
export const financeChargesProjection: Projection<DayChargeEvent> = {
  name: 'finance_charges',
  handles: Object.keys(DAY_CHARGE_EVENT_TYPES) as DayChargeEvent['type'][],
  tables: ['finance_charges'],

  async apply(event, db) {
    const { chargeId, dayId, placementId, alliance, date, netPence } = event.data;
    const key = [chargeId, dayId, placementId, alliance, date, netPence];
    const insert = (columns: string, values: string) =>
      `INSERT INTO finance_charges (charge_id, day_id, placement_id, alliance, day_date, net_pence, ${columns})
       VALUES ($1, $2, $3, $4, $5, $6, ${values})
       ON CONFLICT (charge_id) DO UPDATE SET`;
    switch (event.type) {
      case 'DayCharged': {
        const d = event.data;
        await db.query(
          `${insert(
            `request_id, requesting_body_kind, requesting_body_urn, requesting_body_la_code,
             requesting_body_diocese, recipient_urn, lle_id, person_id, half_days, day_rate_pence,
             vat_treatment, vat_rate_bps, vat_pence, charged_at, charged_position`,
            `$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21`,
          )}
             request_id = $7, requesting_body_kind = $8, requesting_body_urn = $9, requesting_body_la_code = $10,
             requesting_body_diocese = $11, recipient_urn = $12, lle_id = $13, person_id = $14, half_days = $15,
             day_rate_pence = $16, vat_treatment = $17, vat_rate_bps = $18, vat_pence = $19, charged_at = $20,
             charged_position = $21
           WHERE finance_charges.charged_position IS NULL`,
          [
            ...key,
            d.requestId,
            ...requestingBodyValues(d.requestingBody),
            d.recipientUrn,
            d.lleId,
            d.personId,
            d.halfDays,
            d.dayRatePence,
            d.vat.treatment,
            d.vat.rateBps,
            d.vat.vatPence,
            event.recordedAt,
            event.position.toString(),
          ],
        );
        return;
      }
      case 'ShareCredited': {
        const d = event.data;
        await db.query(
          `${insert(
            `lle_school_urn, share_bps, share_pence, alliance_income_pence, share_position`,
            `$7, $8, $9, $10, $11`,
          )}
             lle_school_urn = $7, share_bps = $8, share_pence = $9, alliance_income_pence = $10, share_position = $11
           WHERE finance_charges.share_position IS NULL`,
          [
            ...key,
            d.lleSchoolUrn,
            d.shareBps,
            d.sharePence,
            d.allianceIncomePence,
            event.position.toString(),
          ],
        );
        return;
      }
      case 'DayChargeReversed':
        await db.query(
          `${insert(`reversal_reason, reversed_at, reversed_position`, `$7, $8, $9`)}
             reversal_reason = $7, reversed_at = $8, reversed_position = $9
           WHERE finance_charges.reversed_position IS NULL`,
          [...key, event.data.reason, event.recordedAt, event.position.toString()],
        );
        return;
      case 'ShareReversed':
        await db.query(
          `${insert(`lle_school_urn, share_reversed_position`, `$7, $8`)}
             share_reversed_position = $8
           WHERE finance_charges.share_reversed_position IS NULL`,
          [...key, event.data.lleSchoolUrn, event.position.toString()],
        );
        return;
      default:
        return assertNever(event);
    }
  },
};
