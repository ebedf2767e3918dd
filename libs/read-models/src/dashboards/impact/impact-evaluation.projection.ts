import {
  assertNever,
  type ClusterFormed,
  type ImpactEvaluationRecorded,
  type ObjectiveEvaluation,
  type ObjectiveOutcome,
  type PlacementEvent,
  type PlacementOpened,
  type SchoolEvent,
} from '@lle/domain';
import type { Projection, ProjectedEvent, Queryable } from '@lle/projections';

export type ImpactEvent = SchoolEvent | ClusterFormed | Exclude<PlacementEvent, { type: 'DaysTransferred' }>;

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
 * 1764300000000-dashboard-read-models; `impact_schools`, `impact_rows`, `impact_competency_rows`, migration
 * 1764360000000-impact-row-sums), from events alone:
 *
 * - one row per placement: its objectives as agreed, how it ended (completed or early, and why), its days
 *   agreed and delivered (each day kept by its id, a voided one marked, so applying twice counts once), the
 *   recipient school's local authority (from the school events this projection follows, as the deployment
 *   dashboard takes it), and once evaluated, each objective's outcome with its evidence and ratings, and the
 *   placement's outcome;
 * - one row per placement and competency its evaluation rated, with the placement's outcome, so outcomes
 *   can be counted per cluster and competency;
 * - each cluster's name and competency framework, to name them;
 * - the sums the dashboard reads: per academic year, alliance, local authority and phase (`impact_rows`),
 *   and per cluster and competency with the same keys (`impact_competency_rows`). Every write to a placement
 *   moves its part in its row from what it was to what it is, in the same statement, so the sums only change
 *   when the placement does: applying an event twice changes nothing, and a school's new local authority
 *   moves its placements' part to the new row (a row left empty stays, with nothing in it: queries skip it).
 *
 * Writes to the placement row are guarded by `last_position` (its events are on one stream, in order). Every
 * statement is a plain write, none reading what another returned, so a rebuild can batch them.
 */
export const impactEvaluationProjection: Projection<ImpactEvent> = {
  name: 'impact_evaluation',
  handles: [
    'SchoolRecorded',
    'SchoolRecordChanged',
    'ClusterFormed',
    'PlacementOpened',
    'SupportDayLogged',
    'SupportDayVoided',
    'PlacementAmended',
    'PlacementCompleted',
    'PlacementEndedEarly',
    'ImpactEvaluationRecorded',
  ],
  tables: [
    'impact_schools',
    'impact_placements',
    'impact_competencies',
    'impact_clusters',
    'impact_rows',
    'impact_competency_rows',
  ],

  async apply(event, db) {
    const position = event.position.toString();
    switch (event.type) {
      case 'SchoolRecorded':
      case 'SchoolRecordChanged':
        return applySchool(db, event);
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
      case 'PlacementOpened':
        return openPlacement(db, event);
      case 'SupportDayLogged':
        // Kept by day id, so the same day applied twice counts once: it adds its half-days less what the
        // same day already counted, nothing once voided.
        await db.query(LOG_DAY, [event.data.placementId, event.data.dayId, event.data.halfDays]);
        return;
      case 'SupportDayVoided':
        // Voided once: the day's half-days as logged go, unless it was voided already.
        await db.query(VOID_DAY, [event.data.placementId, event.data.dayId, event.data.halfDays]);
        return;
      case 'PlacementAmended':
        await db.query(AMEND, [
          event.data.placementId,
          position,
          event.data.halfDaysAgreed,
          event.data.endPoint.date,
        ]);
        return;
      case 'PlacementCompleted':
        await db.query(COMPLETE, [event.data.placementId, position, event.data.completedOn]);
        return;
      case 'PlacementEndedEarly':
        await db.query(END_EARLY, [event.data.placementId, position, event.data.endedOn, event.data.reason]);
        return;
      case 'ImpactEvaluationRecorded':
        return recordEvaluation(db, event);
      default:
        return assertNever(event);
    }
  },
};

/** The `impact_rows` row a placement (as `alias`) counts in. */
const rowKey = (alias: string): string =>
  `concat_ws('|', ${alias}.alliance, COALESCE(${alias}.la_code, ''), ${alias}.phase, ${alias}.academic_year)`;

/** What a placement (as `alias`) adds to its row, times `sign` (1 to add it, -1 to take it away). */
const rowFigures = (alias: string, sign: string): string => `
  ${sign} AS placements,
  ${sign} * (${alias}.status = 'in_progress')::integer AS in_progress,
  ${sign} * (${alias}.status = 'completed')::integer AS completed,
  ${sign} * (${alias}.status = 'ended_early')::integer AS ended_early,
  ${sign} * (${alias}.outcome IS NOT NULL)::integer AS evaluated,
  ${sign} * (${alias}.outcome IS NOT DISTINCT FROM 'met')::integer AS met,
  ${sign} * (${alias}.outcome IS NOT DISTINCT FROM 'partly_met')::integer AS partly_met,
  ${sign} * (${alias}.outcome IS NOT DISTINCT FROM 'not_met')::integer AS not_met,
  ${sign} * ${alias}.half_days_agreed AS half_days_agreed,
  ${sign} * ${alias}.half_days_delivered AS half_days_delivered`;

const ROW_SUMS = [
  'placements',
  'in_progress',
  'completed',
  'ended_early',
  'evaluated',
  'met',
  'partly_met',
  'not_met',
  'half_days_agreed',
  'half_days_delivered',
] as const;

/**
 * Adds `changes` (placement figures with their key columns and `sign`) to their rows, one upsert per row;
 * the local authority's name is the one the placements now have.
 */
const addToRows = (changes: string): string => `
  INSERT INTO impact_rows AS r (row_key, academic_year, alliance, la_code, la_name, phase, ${ROW_SUMS.join(', ')})
  SELECT row_key, min(academic_year), min(alliance), min(la_code), (array_agg(la_name ORDER BY sign DESC))[1],
         min(phase), ${ROW_SUMS.map((column) => `sum(${column})::integer`).join(', ')}
    FROM ${changes} c
   GROUP BY row_key
  ON CONFLICT (row_key) DO UPDATE
     SET la_name = COALESCE(EXCLUDED.la_name, r.la_name),
         ${ROW_SUMS.map((column) => `${column} = r.${column} + EXCLUDED.${column}`).join(',\n         ')}`;

/** The placement columns a change may set; the others never change. */
type Changeable =
  | 'last_position'
  | 'la_code'
  | 'la_name'
  | 'status'
  | 'ended_on'
  | 'end_reason'
  | 'half_days_agreed'
  | 'end_point_date'
  | 'days'
  | 'voided_days'
  | 'half_days_delivered'
  | 'cluster_id'
  | 'evaluated_on'
  | 'outcome'
  | 'evaluation'
  | 'objectives_met'
  | 'objectives_partly_met'
  | 'objectives_not_met';

/**
 * One statement changing the placements `selected` picks (`impact_placements` rows, possibly with columns
 * of its own) to what `set` makes of them (expressions over the row as it was, `o`), and moving their part
 * in `impact_rows` from the row as it was to the row as it is: both computed from the row before the
 * change, so nothing reads what the statement wrote. A placement `selected` does not pick is left alone.
 */
function changePlacements(selected: string, set: Partial<Record<Changeable, string>>): string {
  const columns = Object.entries(set) as Array<[Changeable, string]>;
  const now = (column: Changeable | 'phase' | 'alliance' | 'academic_year'): string =>
    `${set[column as Changeable] ?? `o.${column}`} AS ${column}`;
  return `
    WITH old AS (${selected}),
         new AS (SELECT o.placement_id, ${now('alliance')}, ${now('phase')}, ${now('academic_year')},
                        ${now('la_code')}, ${now('la_name')}, ${now('status')}, ${now('outcome')},
                        ${now('half_days_agreed')}, ${now('half_days_delivered')}
                   FROM old o),
         written AS (
           UPDATE impact_placements p SET ${columns.map(([column, value]) => `${column} = ${value}`).join(', ')}
             FROM old o WHERE p.placement_id = o.placement_id),
         moved AS (SELECT ${rowKey('o')} AS row_key, o.academic_year, o.alliance, o.la_code, o.la_name, o.phase,
                          -1 AS sign, ${rowFigures('o', '-1')}
                     FROM old o
                   UNION ALL
                   SELECT ${rowKey('n')}, n.academic_year, n.alliance, n.la_code, n.la_name, n.phase,
                          1, ${rowFigures('n', '1')}
                     FROM new n)
    ${addToRows('moved')}`;
}

// $1 the placement, $2 the event's position: the placement's own events, in order, each applied once.
const GUARDED = `SELECT * FROM impact_placements WHERE placement_id = $1::text AND last_position < $2::bigint`;

// $3 the half-days agreed, $4 the end point.
const AMEND = changePlacements(GUARDED, {
  last_position: '$2::bigint',
  half_days_agreed: '$3::integer',
  end_point_date: '$4::date',
});

// Ended once, only while in progress (as in evolve). $3 the date.
const COMPLETE = changePlacements(`${GUARDED} AND status = 'in_progress'`, {
  last_position: '$2::bigint',
  status: `'completed'`,
  ended_on: '$3::date',
});
// $3 the date, $4 the reason.
const END_EARLY = changePlacements(`${GUARDED} AND status = 'in_progress'`, {
  last_position: '$2::bigint',
  status: `'ended_early'`,
  ended_on: '$3::date',
  end_reason: '$4::text',
});

// $1 the placement, $2 the day, $3 its half-days. Days are kept by id, not guarded by position.
const OF_PLACEMENT = `SELECT * FROM impact_placements WHERE placement_id = $1::text`;
const LOG_DAY = changePlacements(OF_PLACEMENT, {
  days: `o.days || jsonb_build_object($2::text, $3::integer)`,
  half_days_delivered: `o.half_days_delivered + CASE WHEN o.voided_days ? $2::text THEN 0
                          ELSE $3::integer - COALESCE((o.days ->> $2::text)::integer, 0) END`,
});
const VOID_DAY = changePlacements(OF_PLACEMENT, {
  voided_days: `o.voided_days || jsonb_build_object($2::text, $3::integer)`,
  half_days_delivered: `o.half_days_delivered - CASE WHEN o.voided_days ? $2::text THEN 0
                          ELSE COALESCE((o.days ->> $2::text)::integer, 0) END`,
});

/**
 * Opened once: a second PlacementOpened changes nothing (as in evolve). Its local authority is its school's
 * as this projection knows it then, null until the school is recorded (which then moves it).
 */
async function openPlacement(db: Queryable, event: ProjectedEvent<PlacementOpened>): Promise<void> {
  const d = event.data;
  await db.query(
    `WITH opened AS (
       SELECT $1::text AS placement_id, $2::text AS alliance, $3::text AS lle_id, $4::integer AS recipient_urn,
              $5::text AS phase, $6::text AS academic_year, 'in_progress'::text AS status, $7::date AS start_date,
              $8::date AS end_point_date, $9::integer AS half_days_agreed, 0 AS half_days_delivered,
              $10::jsonb AS objectives, NULL::text AS outcome, s.la_code, s.la_name, $11::bigint AS last_position
         FROM (SELECT 1) one LEFT JOIN impact_schools s ON s.urn = $4::integer
        WHERE NOT EXISTS (SELECT 1 FROM impact_placements WHERE placement_id = $1::text)),
     written AS (
       INSERT INTO impact_placements (placement_id, alliance, lle_id, recipient_urn, phase, academic_year, status,
                                      start_date, end_point_date, half_days_agreed, objectives, la_code, la_name,
                                      last_position)
       SELECT placement_id, alliance, lle_id, recipient_urn, phase, academic_year, status, start_date,
              end_point_date, half_days_agreed, objectives, la_code, la_name, last_position
         FROM opened
       ON CONFLICT (placement_id) DO NOTHING),
     added AS (SELECT ${rowKey('o')} AS row_key, o.academic_year, o.alliance, o.la_code, o.la_name, o.phase,
                      1 AS sign, ${rowFigures('o', '1')}
                 FROM opened o)
     ${addToRows('added')}`,
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
      JSON.stringify(d.objectives.map(({ objectiveId, description }) => ({ objectiveId, description }))),
      event.position.toString(),
    ],
  );
}

const COMPETENCY_SUMS = ['evaluated', 'met', 'partly_met', 'not_met', 'ratings', 'rating_total'] as const;

/**
 * Adds `changes` (per placement and competency: key columns, `sign`, `outcome`, `ratings`, `rating_total`)
 * to `impact_competency_rows`, one upsert per row.
 */
const addToCompetencyRows = (changes: string): string => `
  INSERT INTO impact_competency_rows AS r (row_key, cluster_id, competency_id, academic_year, alliance, la_code,
                                           phase, ${COMPETENCY_SUMS.join(', ')})
  SELECT concat_ws('|', c.cluster_id, c.competency_id, c.alliance, COALESCE(c.la_code, ''), c.phase,
                   c.academic_year),
         min(c.cluster_id), min(c.competency_id), min(c.academic_year), min(c.alliance), min(c.la_code),
         min(c.phase), sum(c.sign)::integer, sum(c.sign * (c.outcome = 'met')::integer)::integer,
         sum(c.sign * (c.outcome = 'partly_met')::integer)::integer,
         sum(c.sign * (c.outcome = 'not_met')::integer)::integer, sum(c.sign * c.ratings)::integer,
         sum(c.sign * c.rating_total)::integer
    FROM ${changes} c
   GROUP BY 1
  ON CONFLICT (row_key) DO UPDATE
     SET ${COMPETENCY_SUMS.map((column) => `${column} = r.${column} + EXCLUDED.${column}`).join(', ')}`;

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
  await db.query(EVALUATE, [
    placementId,
    event.position.toString(),
    clusterId,
    evaluatedOn,
    outcome,
    JSON.stringify(evaluation),
    count('met'),
    count('partly_met'),
    count('not_met'),
  ]);
  const ratings = new Map<string, { ratings: number; total: number }>();
  for (const { competencyId, rating } of objectives.flatMap((o) => o.ratings)) {
    const seen = ratings.get(competencyId) ?? { ratings: 0, total: 0 };
    ratings.set(competencyId, { ratings: seen.ratings + 1, total: seen.total + rating });
  }
  if (ratings.size === 0) return;
  // Only with the evaluation kept: the placement's row then carries this event's position (no other event
  // writes it), and only once: a placement's competencies are all written at once, by its one evaluation.
  await db.query(
    `WITH rated AS (
       SELECT $1::text AS placement_id, r.competency_id, $3::text AS cluster_id, p.outcome, p.alliance, p.la_code,
              p.phase, p.academic_year, r.ratings, r.rating_total, 1 AS sign
         FROM unnest($4::text[], $5::integer[], $6::integer[]) AS r (competency_id, ratings, rating_total)
         JOIN impact_placements p ON p.placement_id = $1::text AND p.last_position = $2::bigint
        WHERE NOT EXISTS (SELECT 1 FROM impact_competencies WHERE placement_id = $1::text)),
     written AS (
       INSERT INTO impact_competencies (placement_id, competency_id, cluster_id, outcome, ratings, rating_total)
       SELECT placement_id, competency_id, cluster_id, outcome, ratings, rating_total FROM rated
       ON CONFLICT (placement_id, competency_id) DO NOTHING)
     ${addToCompetencyRows('rated')}`,
    [
      placementId,
      event.position.toString(),
      clusterId,
      [...ratings.keys()],
      [...ratings.values()].map((rated) => rated.ratings),
      [...ratings.values()].map((rated) => rated.total),
    ],
  );
}

// $1 the placement, $2 the position, $3 the cluster, $4 the date, $5 the outcome, $6 the evaluation, $7 to $9
// the objectives met, partly met and not met.
const EVALUATE = changePlacements(`${GUARDED} AND evaluated_on IS NULL`, {
  last_position: '$2::bigint',
  cluster_id: '$3::text',
  evaluated_on: '$4::date',
  outcome: '$5::text',
  evaluation: '$6::jsonb',
  objectives_met: '$7::integer',
  objectives_partly_met: '$8::integer',
  objectives_not_met: '$9::integer',
});

// $1 the school: its placements whose local authority is not (yet) the one the school now has.
const MOVING = `
  SELECT p.*, s.la_code AS school_la_code, s.la_name AS school_la_name
    FROM impact_placements p JOIN impact_schools s ON s.urn = p.recipient_urn
   WHERE s.urn = $1::integer AND p.recipient_urn = $1::integer
     AND (p.la_code IS DISTINCT FROM s.la_code OR p.la_name IS DISTINCT FROM s.la_name)`;

/** The moving placements' competencies, taken away from their old row and added to the new one. */
const MOVE_COMPETENCIES = `
  WITH old AS (${MOVING}),
       moved AS (SELECT c.cluster_id, c.competency_id, o.alliance, v.la_code, o.phase, o.academic_year, v.sign,
                        c.outcome, c.ratings, c.rating_total
                   FROM old o JOIN impact_competencies c ON c.placement_id = o.placement_id
                  CROSS JOIN LATERAL (VALUES (o.la_code, -1), (o.school_la_code, 1)) AS v (la_code, sign))
  ${addToCompetencyRows('moved')}`;

const MOVE_PLACEMENTS = changePlacements(MOVING, {
  la_code: 'o.school_la_code',
  la_name: 'o.school_la_name',
});

/**
 * A school's local authority; a change moves its placements, and their competencies, to their new rows.
 * Every copy is set from the school's row as it now stands, so an older event applied late changes nothing.
 */
async function applySchool(db: Queryable, event: ProjectedEvent<SchoolEvent>): Promise<void> {
  const { urn, laCode, laName } = event.data;
  await db.query(
    `INSERT INTO impact_schools AS s (urn, la_code, la_name, last_position) VALUES ($1, $2, $3, $4)
     ON CONFLICT (urn) DO UPDATE
        SET la_code = EXCLUDED.la_code, la_name = EXCLUDED.la_name, last_position = EXCLUDED.last_position
      WHERE s.last_position < EXCLUDED.last_position`,
    [urn, laCode, laName, event.position.toString()],
  );
  // The competencies first: they are found by their placements' local authority before it changes.
  await db.query(MOVE_COMPETENCIES, [urn]);
  await db.query(MOVE_PLACEMENTS, [urn]);
}
