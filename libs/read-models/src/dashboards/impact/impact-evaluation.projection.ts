import {
  assertNever,
  type ClusterFormed,
  type ImpactEvaluationRecorded,
  type ObjectiveEvaluation,
  type ObjectiveOutcome,
  type PlacementEvent,
} from '@lle/domain';
import type { Projection, ProjectedEvent, Queryable } from '@lle/projections';

export type ImpactEvent = ClusterFormed | Exclude<PlacementEvent, { type: 'DaysTransferred' }>;

/**
 * How a placement came out against its objectives: met when every objective was met, not met when none was
 * met even in part, partly met otherwise.
 */
export function placementOutcome(
  objectives: readonly Pick<ObjectiveEvaluation, 'outcome'>[],
): ObjectiveOutcome {
  if (objectives.length > 0 && objectives.every((o) => o.outcome === 'met')) return 'met';
  if (objectives.every((o) => o.outcome === 'not_met')) return 'not_met';
  return 'partly_met';
}

/**
 * Impact evaluation (tables `impact_placements`, `impact_competencies`, `impact_clusters`, migration
 * 1764300000000-dashboard-read-models), from events alone:
 *
 * - one row per placement: its objectives as agreed, how it ended (completed or early, and why), its days
 *   agreed and delivered (each day kept by its id, a voided one marked, so applying twice counts once), and
 *   once evaluated, each objective's outcome with its evidence and ratings, and the placement's outcome;
 * - one row per placement and competency its evaluation rated, with the placement's outcome, so outcomes
 *   can be counted per cluster and competency;
 * - each cluster's name and competency framework, to name them.
 *
 * Writes to the placement row are guarded by `last_position` (its events are on one stream, in order).
 */
export const impactEvaluationProjection: Projection<ImpactEvent> = {
  name: 'impact_evaluation',
  handles: [
    'ClusterFormed',
    'PlacementOpened',
    'SupportDayLogged',
    'SupportDayVoided',
    'PlacementAmended',
    'PlacementCompleted',
    'PlacementEndedEarly',
    'ImpactEvaluationRecorded',
  ],
  tables: ['impact_placements', 'impact_competencies', 'impact_clusters'],

  async apply(event, db) {
    const position = event.position.toString();
    // $1 the placement, $2 the event's position.
    const guarded = `last_position = $2 WHERE placement_id = $1 AND last_position < $2`;
    switch (event.type) {
      case 'ClusterFormed': {
        const { clusterId, alliance, name, competencies } = event.data;
        await db.query(
          `INSERT INTO impact_clusters (cluster_id, alliance, name, competencies, last_position)
           VALUES ($1, $2, $3, $4::jsonb, $5)
           ON CONFLICT (cluster_id) DO NOTHING`,
          [
            clusterId,
            alliance,
            name,
            JSON.stringify(competencies.map(({ competencyId, name: n }) => ({ competencyId, name: n }))),
            position,
          ],
        );
        return;
      }
      case 'PlacementOpened': {
        const d = event.data;
        await db.query(
          `INSERT INTO impact_placements (placement_id, alliance, lle_id, recipient_urn, phase, academic_year, status,
                                          start_date, end_point_date, half_days_agreed, objectives, last_position)
           VALUES ($1, $2, $3, $4, $5, $6, 'in_progress', $7, $8, $9, $10::jsonb, $11)
           ON CONFLICT (placement_id) DO NOTHING`,
          [
            d.placementId,
            d.alliance,
            d.lleId,
            d.recipientUrn,
            d.phase,
            d.academicYear,
            d.startDate,
            d.endPoint.date,
            d.halfDaysAgreed,
            JSON.stringify(
              d.objectives.map(({ objectiveId, description }) => ({ objectiveId, description })),
            ),
            position,
          ],
        );
        return;
      }
      case 'SupportDayLogged':
        // Kept by day id, so the same day applied twice counts once: it adds its half-days less what the
        // same day already counted, nothing once voided.
        await db.query(
          `UPDATE impact_placements
              SET days = days || jsonb_build_object($2::text, $3::integer),
                  half_days_delivered = half_days_delivered
                    + CASE WHEN voided_days ? $2::text THEN 0
                           ELSE $3::integer - COALESCE((days ->> $2::text)::integer, 0) END
            WHERE placement_id = $1`,
          [event.data.placementId, event.data.dayId, event.data.halfDays],
        );
        return;
      case 'SupportDayVoided':
        // Voided once: the day's half-days as logged go, unless it was voided already.
        await db.query(
          `UPDATE impact_placements
              SET voided_days = voided_days || jsonb_build_object($2::text, $3::integer),
                  half_days_delivered = half_days_delivered
                    - CASE WHEN voided_days ? $2::text THEN 0
                           ELSE COALESCE((days ->> $2::text)::integer, 0) END
            WHERE placement_id = $1`,
          [event.data.placementId, event.data.dayId, event.data.halfDays],
        );
        return;
      case 'PlacementAmended':
        await db.query(
          `UPDATE impact_placements SET half_days_agreed = $3, end_point_date = $4, ${guarded}`,
          [event.data.placementId, position, event.data.halfDaysAgreed, event.data.endPoint.date],
        );
        return;
      case 'PlacementCompleted':
        await db.query(
          `UPDATE impact_placements SET status = 'completed', ended_on = $3, ${guarded} AND status = 'in_progress'`,
          [event.data.placementId, position, event.data.completedOn],
        );
        return;
      case 'PlacementEndedEarly':
        await db.query(
          `UPDATE impact_placements SET status = 'ended_early', ended_on = $3, end_reason = $4, ${guarded}
              AND status = 'in_progress'`,
          [event.data.placementId, position, event.data.endedOn, event.data.reason],
        );
        return;
      case 'ImpactEvaluationRecorded':
        return recordEvaluation(db, event);
      default:
        return assertNever(event);
    }
  },
};

async function recordEvaluation(
  db: Queryable,
  event: ProjectedEvent<ImpactEvaluationRecorded>,
): Promise<void> {
  const { placementId, clusterId, objectives, recipientView, lleView, evaluatedOn } = event.data;
  const outcome = placementOutcome(objectives);
  const count = (wanted: ObjectiveOutcome): number => objectives.filter((o) => o.outcome === wanted).length;
  const evaluation = {
    objectives: objectives.map(({ objectiveId, outcome: o, evidence, ratings }) => ({
      objectiveId,
      outcome: o,
      evidence,
      ratings: ratings.map(({ competencyId, rating }) => ({ competencyId, rating })),
    })),
    recipientView,
    lleView,
  };
  // Evaluated once (as in evolve): only the first evaluation is kept.
  await db.query(
    `UPDATE impact_placements
        SET cluster_id = $3, evaluated_on = $4, outcome = $5, evaluation = $6::jsonb, objectives_met = $7,
            objectives_partly_met = $8, objectives_not_met = $9, last_position = $2
      WHERE placement_id = $1 AND last_position < $2 AND evaluated_on IS NULL`,
    [
      placementId,
      event.position.toString(),
      clusterId,
      evaluatedOn,
      outcome,
      JSON.stringify(evaluation),
      count('met'),
      count('partly_met'),
      count('not_met'),
    ],
  );
  const ratings = new Map<string, { ratings: number; total: number }>();
  for (const { competencyId, rating } of objectives.flatMap((o) => o.ratings)) {
    const seen = ratings.get(competencyId) ?? { ratings: 0, total: 0 };
    ratings.set(competencyId, { ratings: seen.ratings + 1, total: seen.total + rating });
  }
  if (ratings.size === 0) return;
  // Only with the evaluation kept: the placement's row then carries this event's position (no other event
  // writes it), so a later evaluation, or this one applied twice, adds no ratings of its own.
  await db.query(
    `INSERT INTO impact_competencies (placement_id, competency_id, cluster_id, outcome, ratings, rating_total)
     SELECT $1::text, r.competency_id, $3::text, $4::text, r.ratings, r.rating_total
       FROM unnest($5::text[], $6::integer[], $7::integer[]) AS r (competency_id, ratings, rating_total)
      WHERE EXISTS (SELECT 1 FROM impact_placements WHERE placement_id = $1::text AND last_position = $2::bigint)
     ON CONFLICT (placement_id, competency_id) DO NOTHING`,
    [
      placementId,
      event.position.toString(),
      clusterId,
      outcome,
      [...ratings.keys()],
      [...ratings.values()].map((rated) => rated.ratings),
      [...ratings.values()].map((rated) => rated.total),
    ],
  );
}
