import {
  assertNever,
  PLACEMENT_EVENT_TYPES,
  type ImpactEvaluationRecorded,
  type PlacementEvent,
} from '@lle/domain';
import type { Projection, ProjectedEvent, Queryable } from '@lle/projections';
import { requestingBodyValues } from '../brokerage-columns';

/**
 * Placements by status with their days (tables `placements`, `placement_days`, `placement_transfers` and
 * `placement_amendments`, migration 1764280000000-brokerage-read-models), following `evolvePlacement`:
 *
 * - one row per placement, opened once with the terms PlacementOpened carries; amendments, the end and the
 *   impact evaluation are written guarded by `last_position` (and, like evolve, an end only while in
 *   progress, an amendment only the first time its id is seen);
 * - one row per day logged, keyed by the client's day id (logged once), marked when voided (once, the day
 *   kept: billing and auditors still see it); one row per transfer, keyed by its id; one per amendment;
 * - the placement's half-day counts are recounted from its day and transfer rows after each of their
 *   events, so applying an event twice, or an older one after a newer one, changes nothing.
 *
 * Days are half-days (whole numbers). Transfers come out of the days agreed, they add none: the deputy's
 * days are some of the LLE's. So remaining = agreed − delivered (delivered: every day logged, by the LLE or
 * by staff, less those voided), and `half_days_transferred` shows how many of the agreed were given to staff.
 */
export const placementsProjection: Projection<PlacementEvent> = {
  name: 'placements',
  handles: Object.keys(PLACEMENT_EVENT_TYPES) as PlacementEvent['type'][],
  tables: ['placements', 'placement_days', 'placement_transfers', 'placement_amendments'],

  async apply(event, db) {
    const { placementId } = event.data;
    const stamp = [event.recordedAt, event.revision, event.position.toString()];
    // $2, $3, $4 below: when the event was recorded, its revision and its position.
    const guarded = `updated_at = $2, stream_revision = $3, last_position = $4
                      WHERE placement_id = $1 AND last_position < $4`;
    switch (event.type) {
      case 'PlacementOpened': {
        const d = event.data;
        // Opened once: a second PlacementOpened changes nothing (as in evolve; the decider refuses other terms).
        await db.query(
          `INSERT INTO placements (placement_id, updated_at, stream_revision, last_position, opened_at,
                                   request_id, alliance, lle_id, lle_school_urn, recipient_urn,
                                   requesting_body_kind, requesting_body_urn, requesting_body_la_code,
                                   requesting_body_diocese, phase, status, start_date, end_point_date,
                                   end_point_description, academic_year, half_days_agreed, half_days_remaining,
                                   day_rate_pence, lle_school_share_bps, guideline_half_days, over_guideline,
                                   guideline_override_reason, objectives, brokered_on)
           VALUES ($1, $2, $3, $4, $2, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'in_progress', $15, $16, $17,
                   $18, $19, $19, $20, $21, $22, $23, $24, $25::jsonb, $26)
           ON CONFLICT (placement_id) DO NOTHING`,
          [
            placementId,
            ...stamp,
            d.requestId,
            d.alliance,
            d.lleId,
            d.lleSchoolUrn,
            d.recipientUrn,
            ...requestingBodyValues(d.requestingBody),
            d.phase,
            d.startDate,
            d.endPoint.date,
            d.endPoint.description,
            d.academicYear,
            d.halfDaysAgreed,
            d.dayRatePence,
            d.lleSchoolShareBps,
            d.guidelineHalfDays,
            d.halfDaysAgreed > d.guidelineHalfDays,
            d.guidelineOverride?.reason ?? null,
            JSON.stringify(
              d.objectives.map(({ objectiveId, description }) => ({ objectiveId, description })),
            ),
            d.brokeredOn,
          ],
        );
        return;
      }
      case 'SupportDayLogged': {
        const { dayId, personId, deliveredAs, date, halfDays, note, loggedOn } = event.data;
        await db.query(
          `INSERT INTO placement_days (placement_id, day_id, person_id, delivered_as, day_date, half_days, note,
                                       logged_on, logged_at, logged_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (placement_id, day_id) DO NOTHING`,
          [
            placementId,
            dayId,
            personId,
            deliveredAs,
            date,
            halfDays,
            note,
            loggedOn,
            event.recordedAt,
            event.position.toString(),
          ],
        );
        await recount(db, event);
        return;
      }
      case 'SupportDayVoided': {
        const { dayId, reason, voidedOn } = event.data;
        await db.query(
          `UPDATE placement_days SET void_reason = $3, voided_on = $4, voided_at = $5, voided_position = $6
            WHERE placement_id = $1 AND day_id = $2 AND voided_position IS NULL`,
          [placementId, dayId, reason, voidedOn, event.recordedAt, event.position.toString()],
        );
        await recount(db, event);
        return;
      }
      case 'DaysTransferred': {
        const { transferId, lleId, toPersonId, role, halfDays, transferredOn } = event.data;
        await db.query(
          `INSERT INTO placement_transfers (placement_id, transfer_id, lle_id, to_person_id, role, half_days,
                                            transferred_on, recorded_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (placement_id, transfer_id) DO NOTHING`,
          [
            placementId,
            transferId,
            lleId,
            toPersonId,
            role,
            halfDays,
            transferredOn,
            event.recordedAt,
            event.position.toString(),
          ],
        );
        await recount(db, event);
        return;
      }
      case 'PlacementAmended': {
        const { amendmentId, halfDaysAgreed, endPoint, guidelineHalfDays, amendedOn } = event.data;
        const override = event.data.guidelineOverride?.reason ?? null;
        const { endPointBefore, halfDaysBefore, agreement } = event.data;
        await db.query(
          `INSERT INTO placement_amendments (placement_id, amendment_id, half_days_before, half_days_agreed,
                                             end_point_before_date, end_point_before_description,
                                             end_point_date, end_point_description, agreement,
                                             guideline_half_days, guideline_override_reason, amended_on, actor,
                                             recorded_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14, $15)
           ON CONFLICT (placement_id, amendment_id) DO NOTHING`,
          [
            placementId,
            amendmentId,
            halfDaysBefore,
            halfDaysAgreed,
            endPointBefore.date,
            endPointBefore.description,
            endPoint.date,
            endPoint.description,
            JSON.stringify(agreement),
            guidelineHalfDays,
            override,
            amendedOn,
            event.metadata.actor?.subject ?? null,
            event.recordedAt,
            event.position.toString(),
          ],
        );
        // Only the first amendment with its id counts (as in evolve). An override stays while the days are
        // above the guideline and the amendment gives none (it only moved the end point); at or below it,
        // none applies.
        await db.query(
          `UPDATE placements
              SET half_days_agreed = $5::integer, end_point_date = $6, end_point_description = $7,
                  guideline_half_days = $8::integer, over_guideline = $5::integer > $8::integer,
                  guideline_override_reason =
                    CASE WHEN $5::integer > $8::integer THEN COALESCE($9, guideline_override_reason) END,
                  half_days_remaining = $5::integer - half_days_delivered, ${guarded}
              AND EXISTS (SELECT 1 FROM placement_amendments a
                           WHERE a.placement_id = $1 AND a.amendment_id = $10 AND a.position = $4)`,
          [
            placementId,
            ...stamp,
            halfDaysAgreed,
            endPoint.date,
            endPoint.description,
            guidelineHalfDays,
            override,
            amendmentId,
          ],
        );
        return;
      }
      case 'PlacementCompleted':
        await db.query(
          `UPDATE placements SET status = 'completed', ended_on = $5, ${guarded} AND status = 'in_progress'`,
          [placementId, ...stamp, event.data.completedOn],
        );
        return;
      case 'PlacementEndedEarly':
        await db.query(
          `UPDATE placements SET status = 'ended_early', ended_on = $5, end_reason = $6, ${guarded}
              AND status = 'in_progress'`,
          [placementId, ...stamp, event.data.endedOn, event.data.reason],
        );
        return;
      case 'ImpactEvaluationRecorded':
        await db.query(`UPDATE placements SET impact = $5::jsonb, evaluated_on = $6, ${guarded}`, [
          placementId,
          ...stamp,
          JSON.stringify(impactOf(event)),
          event.data.evaluatedOn,
        ]);
        return;
      default:
        return assertNever(event);
    }
  },
};

/** The impact evaluation as stored (`placements.impact`); free text as it came (the edge may seal it). */
export interface StoredImpact {
  readonly clusterId: string;
  readonly objectives: ImpactEvaluationRecorded['data']['objectives'];
  readonly recipientView: string;
  readonly lleView: string;
  /** Who recorded it (the subject of their token), when the metadata says. */
  readonly evaluatedBy: string | null;
}

function impactOf(event: ProjectedEvent<ImpactEvaluationRecorded>): StoredImpact {
  const { clusterId, objectives, recipientView, lleView } = event.data;
  return {
    clusterId,
    objectives: objectives.map(({ objectiveId, outcome, evidence, ratings }) => ({
      objectiveId,
      outcome,
      evidence,
      ratings: ratings.map(({ competencyId, rating }) => ({ competencyId, rating })),
    })),
    recipientView,
    lleView,
    evaluatedBy: event.metadata.actor?.subject ?? null,
  };
}

/**
 * Recounts the placement's half-days from its day and transfer rows (so it is right however often their
 * events were applied), and stamps it with the event when the event is newer than what it reflects.
 */
async function recount(db: Queryable, event: ProjectedEvent<PlacementEvent>): Promise<void> {
  await db.query(
    `UPDATE placements p
        SET half_days_logged = d.logged, half_days_voided = d.voided, half_days_delivered = d.logged - d.voided,
            half_days_remaining = p.half_days_agreed - (d.logged - d.voided),
            half_days_transferred = t.transferred,
            updated_at = CASE WHEN p.last_position < $4 THEN $2 ELSE p.updated_at END,
            stream_revision = CASE WHEN p.last_position < $4 THEN $3 ELSE p.stream_revision END,
            last_position = GREATEST(p.last_position, $4)
       FROM (SELECT COALESCE(sum(half_days), 0)::integer AS logged,
                    COALESCE(sum(half_days) FILTER (WHERE voided_position IS NOT NULL), 0)::integer AS voided
               FROM placement_days WHERE placement_id = $1) d,
            (SELECT COALESCE(sum(half_days), 0)::integer AS transferred
               FROM placement_transfers WHERE placement_id = $1) t
      WHERE p.placement_id = $1`,
    [event.data.placementId, event.recordedAt, event.revision, event.position.toString()],
  );
}
