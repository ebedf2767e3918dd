import {
  academicYearOf,
  assertNever,
  type DaysTransferred,
  type ImpactEvaluationRecorded,
  type LLEDesignationEvent,
  type LLEAssignedToCluster,
  type LLEMovedBetweenClusters,
  type PlacementEvent,
  type SchoolEvent,
  type SupportDayLogged,
  type SupportDayVoided,
  type SupportRequestEvent,
} from '@lle/domain';
import type { Projection, ProjectedEvent, Queryable } from '@lle/projections';
import type { EntityManager } from 'typeorm';

export type DeploymentEvent =
  | SchoolEvent
  | Exclude<LLEDesignationEvent, LLEAssignedToCluster | LLEMovedBetweenClusters>
  | SupportRequestEvent
  | Exclude<PlacementEvent, ImpactEvaluationRecorded>;

/** The events of a placement that come per day (most of its log), added to the sums as they come. */
type PerDayEvent = SupportDayLogged | SupportDayVoided | DaysTransferred;
const PER_DAY_EVENTS: ReadonlySet<string> = new Set<PerDayEvent['type']>([
  'SupportDayLogged',
  'SupportDayVoided',
  'DaysTransferred',
]);
/** The placement's events this projection follows. */
type PlacementDashboardEvent = Exclude<PlacementEvent, ImpactEvaluationRecorded>;
const PLACEMENT_EVENTS: ReadonlySet<string> = new Set<PlacementDashboardEvent['type']>([
  'PlacementOpened',
  'PlacementAmended',
  'PlacementCompleted',
  'PlacementEndedEarly',
  'SupportDayLogged',
  'SupportDayVoided',
  'DaysTransferred',
]);

/** An LLE's status as the dashboard counts it, from the date it took effect. */
export type LleDashboardStatus = 'active' | 'suspended' | 'ended';

/**
 * The deployment dashboard (migration 1764300000000-dashboard-read-models), from events alone: rows keyed
 * by (alliance, local authority, phase, academic year), where the local authority is the recipient's (the
 * LLE's own school's for the LLE figures), taken from the schools' events this projection also follows, and
 * the phase is the request's (the LLE's school's for the LLE figures).
 *
 * - `dashboard_placement_years`: one row per placement and academic year. The placement's own year (of its
 *   start, as on the LLE's commitments) carries its days agreed, transferred and remaining, its status and
 *   whether it is over the guideline; days delivered count in the academic year of each day's date, so a
 *   placement with days in the next year has a second row there with only those. The rows are recomputed
 *   from `dashboard_placements` and `dashboard_days` after each change of a placement's terms or status (or
 *   of its school's local authority), so applying such an event twice changes nothing else; a day logged
 *   or voided, or days transferred, is added where it counts as it comes, once, the day kept by its id and
 *   the transfer by its own.
 *   `dashboard_rows` holds their sums per row and `dashboard_lle_loads` each LLE's placements per year,
 *   both kept as each placement's rows are taken away and put back, or a day or transfer added.
 * - `dashboard_requests`: when each request was made and decided, so "waiting on date D" can be asked.
 * - `dashboard_lles` and `dashboard_lle_statuses`: each status with the dates it took effect and ended.
 *
 * Remaining is agreed less delivered while in progress, none once the placement has ended (as the LLE's
 * load counts it).
 */
export const deploymentDashboardProjection: Projection<DeploymentEvent> = {
  name: 'deployment_dashboard',
  handles: [
    'SchoolRecorded',
    'SchoolRecordChanged',
    'LLEDesignated',
    'LLEDesignationSuspended',
    'LLEDesignationReinstated',
    'LLEDesignationEnded',
    'SupportRequested',
    'SupportRequestDeclined',
    'SupportRequestWithdrawn',
    'SupportRequestBrokered',
    'PlacementOpened',
    'SupportDayLogged',
    'SupportDayVoided',
    'DaysTransferred',
    'PlacementAmended',
    'PlacementCompleted',
    'PlacementEndedEarly',
  ],
  tables: [
    'dashboard_schools',
    'dashboard_placements',
    'dashboard_days',
    'dashboard_placement_years',
    'dashboard_rows',
    'dashboard_lle_loads',
    'dashboard_requests',
    'dashboard_lles',
    'dashboard_lle_statuses',
  ],

  // A rebuild folds each run of one placement's events (see applyPlacementRun).
  foldKey: (event) =>
    PLACEMENT_EVENTS.has(event.type) ? (event.data as { placementId: string }).placementId : undefined,

  applyRun: (events, db) =>
    applyPlacementRun(db, events as readonly ProjectedEvent<PlacementDashboardEvent>[]),

  async apply(event, db) {
    const position = event.position.toString();
    switch (event.type) {
      case 'SchoolRecorded':
      case 'SchoolRecordChanged':
        return applySchool(db, event);
      case 'LLEDesignated': {
        const { lleId, alliance, schoolUrn, from, daysPerAcademicYear } = event.data;
        await db.query(
          `INSERT INTO dashboard_lles AS l (lle_id, alliance, school_urn, la_code, la_name, phase, designated_from,
                                            days_per_year, last_position)
           SELECT $1::text, $2::text, $3::integer, s.la_code, s.la_name, s.phase, $4::date, $5::integer, $6::bigint
             FROM (SELECT 1) one LEFT JOIN dashboard_schools s ON s.urn = $3
           ON CONFLICT (lle_id) DO UPDATE
              SET alliance = EXCLUDED.alliance, school_urn = EXCLUDED.school_urn, la_code = EXCLUDED.la_code,
                  la_name = EXCLUDED.la_name, phase = EXCLUDED.phase,
                  designated_from = EXCLUDED.designated_from, days_per_year = EXCLUDED.days_per_year,
                  last_position = EXCLUDED.last_position
            WHERE l.last_position < EXCLUDED.last_position`,
          [lleId, alliance, schoolUrn, from, daysPerAcademicYear, position],
        );
        return recordStatus(db, lleId, position, 'active', from);
      }
      case 'LLEDesignationSuspended':
        return recordStatus(db, event.data.lleId, position, 'suspended', event.data.suspendedOn);
      case 'LLEDesignationReinstated':
        return recordStatus(db, event.data.lleId, position, 'active', event.data.reinstatedOn);
      case 'LLEDesignationEnded':
        return recordStatus(db, event.data.lleId, position, 'ended', event.data.endedOn);
      case 'SupportRequested': {
        const { requestId, alliance, recipientUrn, phase, requestedOn } = event.data;
        await db.query(
          `INSERT INTO dashboard_requests (request_id, alliance, recipient_urn, la_code, la_name, phase,
                                           academic_year, requested_on, status, last_position)
           SELECT $1::text, $2::text, $3::integer, s.la_code, s.la_name, $4::text, $5::text, $6::date, 'waiting',
                  $7::bigint
             FROM (SELECT 1) one LEFT JOIN dashboard_schools s ON s.urn = $3
           ON CONFLICT (request_id) DO NOTHING`,
          [
            requestId,
            alliance,
            recipientUrn,
            phase,
            academicYearOf(requestedOn).label,
            requestedOn,
            position,
          ],
        );
        return;
      }
      case 'SupportRequestDeclined':
        return decideRequest(db, event.data.requestId, 'declined', event.data.declinedOn, position);
      case 'SupportRequestWithdrawn':
        return decideRequest(db, event.data.requestId, 'withdrawn', event.data.withdrawnOn, position);
      case 'SupportRequestBrokered':
        return decideRequest(db, event.data.requestId, 'brokered', event.data.brokeredOn, position);
      case 'SupportDayLogged':
        return logDay(db, event.data);
      case 'SupportDayVoided':
        return voidDay(db, event.data.placementId, event.data.dayId);
      case 'DaysTransferred':
        return transferDays(db, event.data.placementId, event.data.transferId, event.data.halfDays);
      default:
        await applyPlacementEvent(db, event);
        return refreshPlacementYears(db, event.data.placementId);
    }
  },
};

async function applyPlacementEvent(
  db: Queryable,
  event: ProjectedEvent<Exclude<PlacementEvent, ImpactEvaluationRecorded | PerDayEvent>>,
): Promise<void> {
  const { placementId } = event.data;
  const position = event.position.toString();
  // $1 the placement, $2 the event's position.
  const guarded = `last_position = $2 WHERE placement_id = $1 AND last_position < $2`;
  switch (event.type) {
    case 'PlacementOpened': {
      const d = event.data;
      // Opened once: a second PlacementOpened changes nothing (as in evolve).
      await db.query(
        `INSERT INTO dashboard_placements (placement_id, last_position, request_id, alliance, lle_id, recipient_urn,
                                           la_code, la_name, phase, academic_year, status, start_date,
                                           end_point_date, half_days_agreed, day_rate_pence, guideline_half_days,
                                           over_guideline, guideline_override_reason, capacity_half_days)
         SELECT $1::text, $2::bigint, $3::text, $4::text, $5::text, $6::integer, s.la_code, s.la_name, $7::text,
                $8::text, 'in_progress', $9::date, $10::date, $11::integer, $12::integer, $13::integer,
                $11::integer > $13::integer, $14::text, $15::integer
           FROM (SELECT 1) one LEFT JOIN dashboard_schools s ON s.urn = $6
         ON CONFLICT (placement_id) DO NOTHING`,
        [
          placementId,
          position,
          d.requestId,
          d.alliance,
          d.lleId,
          d.recipientUrn,
          d.phase,
          d.academicYear,
          d.startDate,
          d.endPoint.date,
          d.halfDaysAgreed,
          d.dayRatePence,
          d.guidelineHalfDays,
          d.guidelineOverride?.reason ?? null,
          d.capacityHalfDays,
        ],
      );
      return;
    }
    case 'PlacementAmended': {
      const { halfDaysAgreed, endPoint, guidelineHalfDays } = event.data;
      // As the placements read model: an override stays while the days are above the guideline and the
      // amendment gives none; at or below it, none applies.
      await db.query(
        `UPDATE dashboard_placements
            SET half_days_agreed = $3::integer, end_point_date = $4, guideline_half_days = $5::integer,
                over_guideline = $3::integer > $5::integer,
                guideline_override_reason =
                  CASE WHEN $3::integer > $5::integer THEN COALESCE($6, guideline_override_reason) END,
                ${guarded}`,
        [
          placementId,
          position,
          halfDaysAgreed,
          endPoint.date,
          guidelineHalfDays,
          event.data.guidelineOverride?.reason ?? null,
        ],
      );
      return;
    }
    case 'PlacementCompleted':
      await db.query(
        `UPDATE dashboard_placements SET status = 'completed', ended_on = $3, ${guarded}
            AND status = 'in_progress'`,
        [placementId, position, event.data.completedOn],
      );
      return;
    case 'PlacementEndedEarly':
      await db.query(
        `UPDATE dashboard_placements SET status = 'ended_early', ended_on = $3, ${guarded}
            AND status = 'in_progress'`,
        [placementId, position, event.data.endedOn],
      );
      return;
    default:
      return assertNever(event);
  }
}

/**
 * Recomputes the placement's delivered total and its rows per academic year from its own rows: the year
 * of the placement (days agreed, transferred, remaining, status) and each year it has days delivered in.
 * Only for the events that change a placement's terms or status, a few per placement; the days and
 * transfers, most of the log, are added to every sum as they come (`logDay`, `voidDay`, `transferDays`).
 * Every statement is a plain write, none reading what another returned, so a rebuild can batch them.
 */
async function refreshPlacementYears(db: Queryable, placementId: string): Promise<void> {
  await db.query(
    `UPDATE dashboard_placements p
        SET half_days_delivered = (SELECT COALESCE(sum(half_days), 0)::integer FROM dashboard_days d
                                    WHERE d.placement_id = p.placement_id AND NOT d.voided)
      WHERE p.placement_id = $1`,
    [placementId],
  );
  // Taken away as they were (the placement's rows not yet recomputed), then put back as they are now.
  await addToRows(db, placementId, -1);
  await addToLoad(db, placementId, -1);
  await db.query(
    `DELETE FROM dashboard_rows r
      WHERE r.row_key IN (SELECT ${ROW_KEY} FROM dashboard_placement_years WHERE placement_id = $1) AND ${EMPTY_ROW}`,
    [placementId],
  );
  await db.query(`DELETE FROM dashboard_placement_years WHERE placement_id = $1`, [placementId]);
  await db.query(
    `WITH p AS (SELECT * FROM dashboard_placements WHERE placement_id = $1),
          d AS (SELECT academic_year, sum(half_days)::integer AS delivered FROM dashboard_days
                 WHERE placement_id = $1 AND NOT voided GROUP BY academic_year),
          years AS (SELECT academic_year FROM p UNION SELECT academic_year FROM d)
     INSERT INTO dashboard_placement_years (placement_id, academic_year, alliance, la_code, la_name, phase, lle_id,
                                            placement_year, status, half_days_agreed, half_days_delivered,
                                            half_days_transferred, half_days_remaining, over_guideline,
                                            override_reason)
     SELECT p.placement_id, y.academic_year, p.alliance, p.la_code, p.la_name, p.phase, p.lle_id,
            y.academic_year = p.academic_year, p.status,
            CASE WHEN y.academic_year = p.academic_year THEN p.half_days_agreed ELSE 0 END,
            COALESCE(d.delivered, 0),
            CASE WHEN y.academic_year = p.academic_year THEN p.half_days_transferred ELSE 0 END,
            CASE WHEN y.academic_year = p.academic_year AND p.status = 'in_progress'
                 THEN GREATEST(0, p.half_days_agreed - p.half_days_delivered) ELSE 0 END,
            y.academic_year = p.academic_year AND p.over_guideline,
            CASE WHEN y.academic_year = p.academic_year AND p.over_guideline THEN p.guideline_override_reason END
       FROM p CROSS JOIN years y LEFT JOIN d ON d.academic_year = y.academic_year`,
    [placementId],
  );
  await addToRows(db, placementId, 1);
  await addToLoad(db, placementId, 1);
}

/** The row each placement-year row falls in, as `dashboard_rows` keys it. */
const ROW_KEY = `concat_ws('|', alliance, COALESCE(la_code, ''), phase, academic_year)`;

/** A dashboard row (as `r`) nothing is left in, which goes, as if nothing had been written to it. */
const EMPTY_ROW = `r.placements = 0 AND r.over_guideline = 0 AND r.half_days_agreed = 0 AND r.half_days_delivered = 0
                   AND r.half_days_transferred = 0 AND r.half_days_remaining = 0`;

/**
 * Adds the placement's rows per academic year to the sums of their dashboard rows (`sign` 1), or takes them
 * away (-1) before they are recomputed.
 */
async function addToRows(db: Queryable, placementId: string, sign: 1 | -1): Promise<void> {
  await db.query(
    `INSERT INTO dashboard_rows AS r (row_key, alliance, la_code, la_name, phase, academic_year, placements,
                                      in_progress, completed, ended_early, over_guideline, half_days_agreed,
                                      half_days_delivered, half_days_transferred, half_days_remaining)
     SELECT ${ROW_KEY}, alliance, la_code, la_name, phase, academic_year,
            $2 * (placement_year::integer), $2 * (placement_year AND status = 'in_progress')::integer,
            $2 * (placement_year AND status = 'completed')::integer,
            $2 * (placement_year AND status = 'ended_early')::integer, $2 * over_guideline::integer,
            $2 * half_days_agreed, $2 * half_days_delivered, $2 * half_days_transferred, $2 * half_days_remaining
       FROM dashboard_placement_years WHERE placement_id = $1
     ON CONFLICT (row_key) DO UPDATE
        SET la_name = COALESCE(EXCLUDED.la_name, r.la_name), placements = r.placements + EXCLUDED.placements,
            in_progress = r.in_progress + EXCLUDED.in_progress, completed = r.completed + EXCLUDED.completed,
            ended_early = r.ended_early + EXCLUDED.ended_early,
            over_guideline = r.over_guideline + EXCLUDED.over_guideline,
            half_days_agreed = r.half_days_agreed + EXCLUDED.half_days_agreed,
            half_days_delivered = r.half_days_delivered + EXCLUDED.half_days_delivered,
            half_days_transferred = r.half_days_transferred + EXCLUDED.half_days_transferred,
            half_days_remaining = r.half_days_remaining + EXCLUDED.half_days_remaining`,
    [placementId, sign],
  );
}

/**
 * Adds the placement, as its rows per academic year stand, to its LLE's load in the placement's year
 * (`sign` 1), or takes it away (-1) before they are recomputed. A placement never leaves its LLE or year and
 * its capacity is set once, when opened, so the load's capacity is the largest of its placements'.
 */
async function addToLoad(db: Queryable, placementId: string, sign: 1 | -1): Promise<void> {
  await db.query(
    `INSERT INTO dashboard_lle_loads AS l (lle_id, academic_year, capacity_half_days, placements, in_progress,
                                           half_days_agreed, half_days_delivered, half_days_remaining)
     SELECT p.lle_id, p.academic_year, p.capacity_half_days,
            $2::integer * count(*) FILTER (WHERE y.placement_year)::integer,
            $2::integer * count(*) FILTER (WHERE y.placement_year AND y.status = 'in_progress')::integer,
            $2::integer * sum(y.half_days_agreed)::integer, $2::integer * sum(y.half_days_delivered)::integer,
            $2::integer * sum(y.half_days_remaining)::integer
       FROM dashboard_placements p JOIN dashboard_placement_years y ON y.placement_id = p.placement_id
      WHERE p.placement_id = $1
      GROUP BY p.lle_id, p.academic_year, p.capacity_half_days
     ON CONFLICT (lle_id, academic_year) DO UPDATE
        SET capacity_half_days = GREATEST(l.capacity_half_days, EXCLUDED.capacity_half_days),
            placements = l.placements + EXCLUDED.placements, in_progress = l.in_progress + EXCLUDED.in_progress,
            half_days_agreed = l.half_days_agreed + EXCLUDED.half_days_agreed,
            half_days_delivered = l.half_days_delivered + EXCLUDED.half_days_delivered,
            half_days_remaining = l.half_days_remaining + EXCLUDED.half_days_remaining`,
    [placementId, sign],
  );
}

/**
 * A day logged or voided, added to every sum it counts in, in one statement: `day` answers the day's
 * academic year and the half-days it adds (taken away when voided), or nothing when the event was already
 * applied (the day kept by its id, and marked once voided). Delivered counts in the day's year, remaining
 * (in progress: agreed less delivered, never below none) in the placement's. Every part reads the rows as
 * they were before the statement, as a refresh would read them before recomputing.
 */
function dayChange(day: string, then: string): string {
  return `WITH day AS (${day}),
          c AS (SELECT p.placement_id, p.alliance, p.la_code, p.la_name, p.phase, p.lle_id, p.status,
                       p.academic_year, day.academic_year AS day_year, day.delivered,
                       CASE WHEN p.status = 'in_progress'
                            THEN GREATEST(0, p.half_days_agreed - p.half_days_delivered - day.delivered)
                                 - GREATEST(0, p.half_days_agreed - p.half_days_delivered)
                            ELSE 0 END AS remaining
                  FROM dashboard_placements p CROSS JOIN day WHERE p.placement_id = $1),
          by_year AS (SELECT c.placement_id, c.alliance, c.la_code, c.la_name, c.phase, c.lle_id, c.status,
                             v.academic_year, sum(v.delivered)::integer AS delivered,
                             sum(v.remaining)::integer AS remaining
                        FROM c CROSS JOIN LATERAL (VALUES (c.day_year, c.delivered, 0),
                                                         (c.academic_year, 0, c.remaining))
                                               AS v (academic_year, delivered, remaining)
                       GROUP BY c.placement_id, c.alliance, c.la_code, c.la_name, c.phase, c.lle_id, c.status,
                                v.academic_year
                      HAVING sum(v.delivered) <> 0 OR sum(v.remaining) <> 0),
          into_years AS (
            INSERT INTO dashboard_placement_years AS y (placement_id, academic_year, alliance, la_code, la_name,
                                                        phase, lle_id, placement_year, status, half_days_agreed,
                                                        half_days_delivered, half_days_transferred,
                                                        half_days_remaining, over_guideline, override_reason)
            SELECT placement_id, academic_year, alliance, la_code, la_name, phase, lle_id, false, status, 0,
                   delivered, 0, remaining, false, NULL
              FROM by_year
            ON CONFLICT (placement_id, academic_year) DO UPDATE
               SET half_days_delivered = y.half_days_delivered + EXCLUDED.half_days_delivered,
                   half_days_remaining = y.half_days_remaining + EXCLUDED.half_days_remaining),
          into_rows AS (
            INSERT INTO dashboard_rows AS r (row_key, alliance, la_code, la_name, phase, academic_year,
                                             placements, in_progress, completed, ended_early, over_guideline,
                                             half_days_agreed, half_days_delivered, half_days_transferred,
                                             half_days_remaining)
            SELECT ${ROW_KEY}, alliance, la_code, la_name, phase, academic_year, 0, 0, 0, 0, 0, 0, delivered, 0,
                   remaining
              FROM by_year
            ON CONFLICT (row_key) DO UPDATE
               SET la_name = COALESCE(EXCLUDED.la_name, r.la_name),
                   half_days_delivered = r.half_days_delivered + EXCLUDED.half_days_delivered,
                   half_days_remaining = r.half_days_remaining + EXCLUDED.half_days_remaining),
          into_load AS (
            UPDATE dashboard_lle_loads l
               SET half_days_delivered = l.half_days_delivered + c.delivered,
                   half_days_remaining = l.half_days_remaining + c.remaining
              FROM c WHERE l.lle_id = c.lle_id AND l.academic_year = c.academic_year),
          into_placement AS (
            UPDATE dashboard_placements p SET half_days_delivered = p.half_days_delivered + c.delivered
              FROM c WHERE p.placement_id = c.placement_id)
     ${then}`;
}

// $1 the placement, $2 the day, $3 its academic year, $4 its half-days.
const LOG_DAY = dayChange(
  `SELECT $3::text AS academic_year, $4::integer AS delivered
    WHERE NOT EXISTS (SELECT 1 FROM dashboard_days WHERE placement_id = $1::text AND day_id = $2::text)`,
  `INSERT INTO dashboard_days (placement_id, day_id, day_date, academic_year, half_days)
   VALUES ($1::text, $2::text, $5::date, $3::text, $4::integer)
   ON CONFLICT (placement_id, day_id) DO NOTHING`,
);

/** Logged once, by its id. */
async function logDay(
  db: Queryable,
  { placementId, dayId, date, halfDays }: SupportDayLogged['data'],
): Promise<void> {
  await db.query(LOG_DAY, [placementId, dayId, academicYearOf(date).label, halfDays, date]);
}

// $1 the placement, $2 the day.
const VOID_DAY = dayChange(
  `SELECT academic_year, -half_days AS delivered FROM dashboard_days
    WHERE placement_id = $1::text AND day_id = $2::text AND NOT voided`,
  `UPDATE dashboard_days SET voided = true WHERE placement_id = $1::text AND day_id = $2::text`,
);

/**
 * Voided once: a day already voided, or never logged, takes nothing away. The placement's row in the
 * day's year goes once nothing is delivered in it (it is not the placement's own year), and the dashboard
 * row with it once nothing is left in that either.
 */
async function voidDay(db: Queryable, placementId: string, dayId: string): Promise<void> {
  await db.query(VOID_DAY, [placementId, dayId]);
  await db.query(
    `DELETE FROM dashboard_placement_years y USING dashboard_days d
      WHERE d.placement_id = $1 AND d.day_id = $2 AND y.placement_id = $1 AND y.academic_year = d.academic_year
        AND NOT y.placement_year AND y.half_days_delivered = 0`,
    [placementId, dayId],
  );
  await db.query(
    `DELETE FROM dashboard_rows r USING dashboard_placements p, dashboard_days d
      WHERE p.placement_id = $1 AND d.placement_id = $1 AND d.day_id = $2
        AND r.row_key = concat_ws('|', p.alliance, COALESCE(p.la_code, ''), p.phase, d.academic_year)
        AND ${EMPTY_ROW}`,
    [placementId, dayId],
  );
}

/**
 * Kept by transfer id, so the same transfer applied twice counts once: what it adds is its half-days less
 * what the same transfer already counted, in the placement's own year.
 */
async function transferDays(
  db: Queryable,
  placementId: string,
  transferId: string,
  halfDays: number,
): Promise<void> {
  await db.query(
    `WITH c AS (SELECT placement_id, alliance, la_code, phase, academic_year,
                       $3::integer - COALESCE((transfers ->> $2::text)::integer, 0) AS transferred
                  FROM dashboard_placements WHERE placement_id = $1::text),
          into_years AS (
            UPDATE dashboard_placement_years y SET half_days_transferred = y.half_days_transferred + c.transferred
              FROM c
             WHERE y.placement_id = c.placement_id AND y.academic_year = c.academic_year AND c.transferred <> 0),
          into_rows AS (
            UPDATE dashboard_rows r SET half_days_transferred = r.half_days_transferred + c.transferred
              FROM c
             WHERE r.row_key = concat_ws('|', c.alliance, COALESCE(c.la_code, ''), c.phase, c.academic_year)
               AND c.transferred <> 0)
     UPDATE dashboard_placements
        SET transfers = transfers || jsonb_build_object($2::text, $3::integer),
            half_days_transferred = half_days_transferred + $3::integer
                                    - COALESCE((transfers ->> $2::text)::integer, 0)
      WHERE placement_id = $1::text`,
    [placementId, transferId, halfDays],
  );
}

/**
 * A school's local authority and phase; a change moves its placements (their rows recomputed), requests and
 * LLEs to their new row.
 */
async function applySchool(db: Queryable, event: ProjectedEvent<SchoolEvent>): Promise<void> {
  const { urn, laCode, laName, phase } = event.data;
  await db.query(
    `INSERT INTO dashboard_schools AS s (urn, la_code, la_name, phase, last_position) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (urn) DO UPDATE
        SET la_code = EXCLUDED.la_code, la_name = EXCLUDED.la_name, phase = EXCLUDED.phase,
            last_position = EXCLUDED.last_position
      WHERE s.last_position < EXCLUDED.last_position`,
    [urn, laCode, laName, phase, event.position.toString()],
  );
  // Every copy is set from the school's row as it now stands, so an older event applied late changes nothing.
  const changed = `(t.la_code IS DISTINCT FROM s.la_code OR t.la_name IS DISTINCT FROM s.la_name)`;
  // An UPDATE answers [rows, count].
  const [moved] = await db.query<[Array<{ placement_id: string }>, number]>(
    `UPDATE dashboard_placements t SET la_code = s.la_code, la_name = s.la_name
       FROM dashboard_schools s WHERE s.urn = $1 AND t.recipient_urn = $1 AND ${changed}
     RETURNING t.placement_id`,
    [urn],
  );
  for (const { placement_id: placementId } of moved) await refreshPlacementYears(db, placementId);
  await db.query(
    `UPDATE dashboard_requests t SET la_code = s.la_code, la_name = s.la_name
       FROM dashboard_schools s WHERE s.urn = $1 AND t.recipient_urn = $1 AND ${changed}`,
    [urn],
  );
  await db.query(
    `UPDATE dashboard_lles t SET la_code = s.la_code, la_name = s.la_name, phase = s.phase
       FROM dashboard_schools s
      WHERE s.urn = $1 AND t.school_urn = $1 AND (${changed} OR t.phase IS DISTINCT FROM s.phase)`,
    [urn],
  );
}

/**
 * Each status change kept by the event's position, so applying it twice keeps one; each runs until the
 * next one takes effect (by date, then position), so the status on a date is the one row covering it.
 */
async function recordStatus(
  db: Queryable,
  lleId: string,
  position: string,
  status: LleDashboardStatus,
  effectiveOn: string,
): Promise<void> {
  await db.query(
    `INSERT INTO dashboard_lle_statuses (lle_id, position, status, effective_on) VALUES ($1, $2, $3, $4)
     ON CONFLICT (lle_id, position) DO NOTHING`,
    [lleId, position, status, effectiveOn],
  );
  await db.query(
    `UPDATE dashboard_lle_statuses s SET ends_on = n.ends_on
       FROM (SELECT position, lead(effective_on) OVER (ORDER BY effective_on, position) AS ends_on
               FROM dashboard_lle_statuses WHERE lle_id = $1) n
      WHERE s.lle_id = $1 AND s.position = n.position AND s.ends_on IS DISTINCT FROM n.ends_on`,
    [lleId],
  );
}

/** A request is decided once, only while waiting (as in evolve). */
async function decideRequest(
  db: Queryable,
  requestId: string,
  status: 'declined' | 'withdrawn' | 'brokered',
  decidedOn: string,
  position: string,
): Promise<void> {
  await db.query(
    `UPDATE dashboard_requests SET status = $2, decided_on = $3, last_position = $4
      WHERE request_id = $1 AND last_position < $4 AND status = 'waiting'`,
    [requestId, status, decidedOn, position],
  );
}

/**
 * A run of one placement's events (a rebuild's), leaving the rows one-by-one application would leave:
 *
 * - only days and transfers: added to the sums as they come, in a few statements (applyDayRun);
 * - with changes of its terms or status, and no day voided: each of those applied in order to its row, the
 *   days kept, the transfers counted, and its rows recomputed once at the end rather than after each. One
 *   by one, every recompute and every day added leaves the placement's rows as a recompute from its row
 *   and days would, so only the last counts; without a void, every row the run touches is the
 *   placement's before the run or after it, which the one recompute touches as well, the placement's
 *   being the last local authority name written to each;
 * - otherwise (a day voided, or a transfer before the placement is opened, which counts nothing: both rare):
 *   one by one.
 */
async function applyPlacementRun(
  db: Queryable,
  events: readonly ProjectedEvent<PlacementDashboardEvent>[],
): Promise<void> {
  const changes = events.filter(
    (event): event is ProjectedEvent<Exclude<PlacementDashboardEvent, PerDayEvent>> =>
      !PER_DAY_EVENTS.has(event.type),
  );
  if (changes.length === 0) return applyDayRun(db, events as readonly ProjectedEvent<PerDayEvent>[]);
  const lastOpened = events.map((event) => event.type).lastIndexOf('PlacementOpened');
  const foldable = events.every(
    (event, index) =>
      event.type !== 'SupportDayVoided' && (event.type !== 'DaysTransferred' || index > lastOpened),
  );
  if (!foldable) {
    for (const event of events) await deploymentDashboardProjection.apply(event, db as EntityManager);
    return;
  }
  for (const change of changes) await applyPlacementEvent(db, change);
  const days = new Map<string, SupportDayLogged['data']>();
  const transfers = new Map<string, DaysTransferred['data']>();
  for (const event of events) {
    if (event.type === 'SupportDayLogged' && !days.has(event.data.dayId))
      days.set(event.data.dayId, event.data);
    if (event.type === 'DaysTransferred') transfers.set(event.data.transferId, event.data);
  }
  if (days.size > 0) {
    const logged = [...days.values()];
    await db.query(
      `INSERT INTO dashboard_days (placement_id, day_id, day_date, academic_year, half_days)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::integer[])
       ON CONFLICT (placement_id, day_id) DO NOTHING`,
      [
        logged.map((d) => d.placementId),
        logged.map((d) => d.dayId),
        logged.map((d) => d.date),
        logged.map((d) => academicYearOf(d.date).label),
        logged.map((d) => d.halfDays),
      ],
    );
  }
  if (transfers.size > 0) {
    const counted = [...transfers.values()];
    await db.query(TRANSFER_TO_PLACEMENT, [
      counted.map((t) => t.placementId),
      counted.map((t) => t.transferId),
      counted.map((t) => t.halfDays),
    ]);
  }
  await refreshPlacementYears(db, changes[0]!.data.placementId);
}

/**
 * A run of days logged and voided and days transferred (a rebuild's), applied as one-by-one application would
 * leave the rows, in at most four statements whatever its length. Per day id, only the first event that
 * changes anything counts, given the day as it stood before the run: a day not yet kept is added by its
 * first log (and taken away by the first void after it), a day kept and not voided is taken away by its
 * first void, and nothing else changes anything; per transfer id, the last in the run counts.
 */
async function applyDayRun(db: Queryable, events: readonly ProjectedEvent<PerDayEvent>[]): Promise<void> {
  const days = new Map<string, RunDay>();
  const voids: RunDay[] = [];
  const transfers = new Map<string, { placementId: string; transferId: string; halfDays: number }>();
  events.forEach((event, order) => {
    if (event.type === 'DaysTransferred') {
      const { placementId, transferId, halfDays } = event.data;
      transfers.set(JSON.stringify([placementId, transferId]), { placementId, transferId, halfDays });
      return;
    }
    const { placementId, dayId } = event.data;
    const key = JSON.stringify([placementId, dayId]);
    let day = days.get(key);
    if (!day) {
      day = { placementId, dayId, log: null, voidAfterLog: null, firstVoid: null };
      days.set(key, day);
    }
    if (event.type === 'SupportDayLogged') {
      const { date, halfDays } = event.data;
      day.log ??= { order, date, halfDays, academicYear: academicYearOf(date).label };
    } else {
      day.firstVoid ??= order;
      if (day.log) day.voidAfterLog ??= order;
      voids.push(day);
    }
  });
  if (days.size > 0) {
    const list = [...days.values()];
    await db.query(DAY_RUN, [
      list.map((d) => d.placementId),
      list.map((d) => d.dayId),
      list.map((d) => d.log?.halfDays ?? null),
      list.map((d) => d.log?.academicYear ?? null),
      list.map((d) => d.log?.date ?? null),
      list.map((d) => d.log?.order ?? null),
      list.map((d) => d.voidAfterLog),
      list.map((d) => d.firstVoid),
    ]);
  }
  if (voids.length > 0) {
    // As voidDay does after each void: rows nothing is left in go. Done once, after the run; a row emptied
    // by a void and filled again later in the run is the same row as one kept at zero and added to.
    const parameters = [voids.map((d) => d.placementId), voids.map((d) => d.dayId)];
    await db.query(
      `DELETE FROM dashboard_placement_years y
        USING dashboard_days d, unnest($1::text[], $2::text[]) AS v (placement_id, day_id)
        WHERE d.placement_id = v.placement_id AND d.day_id = v.day_id AND y.placement_id = v.placement_id
          AND y.academic_year = d.academic_year AND NOT y.placement_year AND y.half_days_delivered = 0`,
      parameters,
    );
    await db.query(
      `DELETE FROM dashboard_rows r
        USING dashboard_placements p, dashboard_days d, unnest($1::text[], $2::text[]) AS v (placement_id, day_id)
        WHERE p.placement_id = v.placement_id AND d.placement_id = v.placement_id AND d.day_id = v.day_id
          AND r.row_key = concat_ws('|', p.alliance, COALESCE(p.la_code, ''), p.phase, d.academic_year)
          AND ${EMPTY_ROW}`,
      parameters,
    );
  }
  if (transfers.size > 0) {
    const list = [...transfers.values()];
    await db.query(TRANSFER_RUN, [
      list.map((t) => t.placementId),
      list.map((t) => t.transferId),
      list.map((t) => t.halfDays),
    ]);
  }
}

/** A day id's events in a run: its first log, the first void after that, and the first void at all. */
interface RunDay {
  readonly placementId: string;
  readonly dayId: string;
  log: { order: number; date: string; halfDays: number; academicYear: string } | null;
  voidAfterLog: number | null;
  firstVoid: number | null;
}

/**
 * The days of a run, as `LOG_DAY` and `VOID_DAY` applied in order would add them: `steps` are the changes
 * that count, in the run's order; each step's remaining (in progress: agreed less delivered, never below
 * none) is taken from the placement's delivered total as the steps before it left it; each step adds to
 * the rows of the years where it is not zero, as `by_year` does per event. A dashboard row keeps the local
 * authority name of the last step that gave one. Every part reads the rows as they were before the run.
 */
const DAY_RUN = `
  WITH run AS (SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::date[], $6::integer[],
                                    $7::integer[], $8::integer[])
                          AS r (placement_id, day_id, log_half_days, log_year, log_date, log_order,
                                void_after_log, first_void)),
       kept AS (SELECT run.*, d.half_days AS kept_half_days, d.academic_year AS kept_year, d.voided AS kept_voided
                  FROM run LEFT JOIN dashboard_days d ON d.placement_id = run.placement_id AND d.day_id = run.day_id),
       steps AS (SELECT placement_id, log_order AS step, log_year AS day_year, log_half_days AS delivered
                   FROM kept WHERE kept_half_days IS NULL AND log_order IS NOT NULL
                 UNION ALL
                 SELECT placement_id, void_after_log, log_year, -log_half_days
                   FROM kept WHERE kept_half_days IS NULL AND void_after_log IS NOT NULL
                 UNION ALL
                 SELECT placement_id, first_void, kept_year, -kept_half_days
                   FROM kept WHERE kept_half_days IS NOT NULL AND NOT kept_voided AND first_void IS NOT NULL),
       before AS (SELECT p.placement_id, p.alliance, p.la_code, p.la_name, p.phase, p.lle_id, p.status,
                         p.academic_year, p.half_days_agreed, s.step, s.day_year, s.delivered,
                         p.half_days_delivered + COALESCE(sum(s.delivered) OVER (
                           PARTITION BY s.placement_id ORDER BY s.step
                           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS delivered_before
                    FROM steps s JOIN dashboard_placements p ON p.placement_id = s.placement_id),
       c AS (SELECT before.*,
                    CASE WHEN status = 'in_progress'
                         THEN GREATEST(0, half_days_agreed - delivered_before - delivered)
                              - GREATEST(0, half_days_agreed - delivered_before)
                         ELSE 0 END AS remaining
               FROM before),
       touched AS (SELECT c.placement_id, c.alliance, c.la_code, c.la_name, c.phase, c.lle_id, c.status, c.step,
                          v.academic_year, sum(v.delivered)::integer AS delivered,
                          sum(v.remaining)::integer AS remaining
                     FROM c CROSS JOIN LATERAL (VALUES (c.day_year, c.delivered, 0),
                                                      (c.academic_year, 0, c.remaining))
                                            AS v (academic_year, delivered, remaining)
                    GROUP BY c.placement_id, c.alliance, c.la_code, c.la_name, c.phase, c.lle_id, c.status, c.step,
                             v.academic_year
                   HAVING sum(v.delivered) <> 0 OR sum(v.remaining) <> 0),
       by_year AS (SELECT placement_id, academic_year, alliance, la_code, la_name, phase, lle_id, status,
                          sum(delivered)::integer AS delivered, sum(remaining)::integer AS remaining
                     FROM touched
                    GROUP BY placement_id, academic_year, alliance, la_code, la_name, phase, lle_id, status),
       by_row AS (SELECT ${ROW_KEY} AS row_key,
                         (array_agg(alliance ORDER BY step))[1] AS alliance,
                         (array_agg(la_code ORDER BY step))[1] AS la_code,
                         (array_agg(la_name ORDER BY step DESC) FILTER (WHERE la_name IS NOT NULL))[1] AS la_name,
                         (array_agg(phase ORDER BY step))[1] AS phase,
                         (array_agg(academic_year ORDER BY step))[1] AS academic_year,
                         sum(delivered)::integer AS delivered, sum(remaining)::integer AS remaining
                    FROM touched GROUP BY ${ROW_KEY}),
       into_years AS (
         INSERT INTO dashboard_placement_years AS y (placement_id, academic_year, alliance, la_code, la_name,
                                                     phase, lle_id, placement_year, status, half_days_agreed,
                                                     half_days_delivered, half_days_transferred,
                                                     half_days_remaining, over_guideline, override_reason)
         SELECT placement_id, academic_year, alliance, la_code, la_name, phase, lle_id, false, status, 0,
                delivered, 0, remaining, false, NULL
           FROM by_year
         ON CONFLICT (placement_id, academic_year) DO UPDATE
            SET half_days_delivered = y.half_days_delivered + EXCLUDED.half_days_delivered,
                half_days_remaining = y.half_days_remaining + EXCLUDED.half_days_remaining),
       into_rows AS (
         INSERT INTO dashboard_rows AS r (row_key, alliance, la_code, la_name, phase, academic_year, placements,
                                          in_progress, completed, ended_early, over_guideline, half_days_agreed,
                                          half_days_delivered, half_days_transferred, half_days_remaining)
         SELECT row_key, alliance, la_code, la_name, phase, academic_year, 0, 0, 0, 0, 0, 0, delivered, 0,
                remaining
           FROM by_row
         ON CONFLICT (row_key) DO UPDATE
            SET la_name = COALESCE(EXCLUDED.la_name, r.la_name),
                half_days_delivered = r.half_days_delivered + EXCLUDED.half_days_delivered,
                half_days_remaining = r.half_days_remaining + EXCLUDED.half_days_remaining),
       into_load AS (
         UPDATE dashboard_lle_loads l
            SET half_days_delivered = l.half_days_delivered + t.delivered,
                half_days_remaining = l.half_days_remaining + t.remaining
           FROM (SELECT lle_id, academic_year, sum(delivered)::integer AS delivered,
                        sum(remaining)::integer AS remaining
                   FROM c GROUP BY lle_id, academic_year) t
          WHERE l.lle_id = t.lle_id AND l.academic_year = t.academic_year),
       into_placement AS (
         UPDATE dashboard_placements p SET half_days_delivered = p.half_days_delivered + t.delivered
           FROM (SELECT placement_id, sum(delivered)::integer AS delivered FROM c GROUP BY placement_id) t
          WHERE p.placement_id = t.placement_id),
       new_days AS (
         INSERT INTO dashboard_days (placement_id, day_id, day_date, academic_year, half_days, voided)
         SELECT placement_id, day_id, log_date, log_year, log_half_days, void_after_log IS NOT NULL
           FROM kept WHERE kept_half_days IS NULL AND log_order IS NOT NULL
         ON CONFLICT (placement_id, day_id) DO NOTHING)
  UPDATE dashboard_days d SET voided = true
    FROM kept
   WHERE d.placement_id = kept.placement_id AND d.day_id = kept.day_id AND kept.kept_half_days IS NOT NULL
     AND NOT kept.kept_voided AND kept.first_void IS NOT NULL`;

/**
 * The transfers of a run, the last of each transfer id counting, as `transferDays` applied in order would
 * add them (to the placement's row, and with `sums` to its row in its year and that row's dashboard row):
 * what each adds is its half-days less what the same transfer counted before the run.
 */
const transferRun = (sums: boolean): string => `
  WITH run AS (SELECT * FROM unnest($1::text[], $2::text[], $3::integer[]) AS t (placement_id, transfer_id, half_days)),
       c AS (SELECT p.placement_id, p.alliance, p.la_code, p.phase, p.academic_year,
                    sum(run.half_days - COALESCE((p.transfers ->> run.transfer_id)::integer, 0))::integer
                      AS transferred,
                    jsonb_object_agg(run.transfer_id, run.half_days) AS transfers
               FROM run JOIN dashboard_placements p ON p.placement_id = run.placement_id
              GROUP BY p.placement_id)${
                sums
                  ? `,
       into_years AS (
         UPDATE dashboard_placement_years y SET half_days_transferred = y.half_days_transferred + c.transferred
           FROM c
          WHERE y.placement_id = c.placement_id AND y.academic_year = c.academic_year AND c.transferred <> 0),
       into_rows AS (
         UPDATE dashboard_rows r SET half_days_transferred = r.half_days_transferred + t.transferred
           FROM (SELECT concat_ws('|', alliance, COALESCE(la_code, ''), phase, academic_year) AS row_key,
                        sum(transferred)::integer AS transferred
                   FROM c GROUP BY 1) t
          WHERE r.row_key = t.row_key AND t.transferred <> 0)`
                  : ''
              }
  UPDATE dashboard_placements p
     SET transfers = p.transfers || c.transfers, half_days_transferred = p.half_days_transferred + c.transferred
    FROM c WHERE p.placement_id = c.placement_id`;
const TRANSFER_RUN = transferRun(true);
/** The same, on the placement's row alone, before its rows are recomputed from it. */
const TRANSFER_TO_PLACEMENT = transferRun(false);
