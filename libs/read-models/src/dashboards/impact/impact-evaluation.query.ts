import type { AllianceCode, LocalDate, ObjectiveOutcome } from '@lle/domain';
import type { Queryable } from '@lle/projections';
import type { PlacementStatus } from '../../brokerage/placements/placements.query';

/**
 * Every filter is optional; the local authority is the recipient school's, as the impact projection has it
 * from the schools' events.
 */
export interface ImpactFilter {
  readonly alliance?: string;
  readonly laCode?: string;
  readonly phase?: string;
  /** The academic year of the placement's start. */
  readonly academicYear?: string;
  /** One recipient school. */
  readonly recipientUrn?: number;
}

/** How many placements met, partly met or did not meet their objectives, of those evaluated. */
export interface OutcomeCounts {
  readonly evaluated: number;
  readonly met: number;
  readonly partlyMet: number;
  readonly notMet: number;
}

/** Completed against ended early, and days delivered against agreed (half-days). */
export interface CompletionFigures extends OutcomeCounts {
  readonly placements: number;
  readonly inProgress: number;
  readonly completed: number;
  readonly endedEarly: number;
  readonly halfDaysAgreed: number;
  readonly halfDaysDelivered: number;
}

export interface ImpactRow extends CompletionFigures {
  readonly alliance: AllianceCode;
  readonly laCode: string | null;
  readonly laName: string | null;
  readonly phase: string;
  readonly academicYear: string;
}

export interface ImpactDashboard {
  /** By academic year, alliance, local authority and phase. */
  readonly rows: readonly ImpactRow[];
  readonly totals: CompletionFigures;
}

/** Per cluster and competency: the placements whose evaluation rated it, by how they came out. */
export interface CompetencyOutcome extends OutcomeCounts {
  readonly clusterId: string;
  readonly clusterName: string | null;
  readonly alliance: AllianceCode | null;
  readonly competencyId: string;
  readonly competencyName: string | null;
  /** Every rating given against it, averaged (to two decimals). */
  readonly meanRating: number;
}

/** One objective as agreed and, once evaluated, how it came out. */
export interface ObjectiveResult {
  readonly objectiveId: string;
  readonly description: string;
  readonly outcome: ObjectiveOutcome | null;
  readonly evidence: string | null;
  readonly ratings: readonly { readonly competencyId: string; readonly rating: number }[];
}

export interface PlacementImpact {
  readonly placementId: string;
  readonly alliance: AllianceCode;
  readonly lleId: string;
  readonly recipientUrn: number;
  readonly recipientName: string | null;
  readonly laCode: string | null;
  readonly laName: string | null;
  readonly phase: string;
  readonly academicYear: string;
  readonly status: PlacementStatus;
  readonly startDate: LocalDate;
  readonly endPointDate: LocalDate;
  readonly endedOn: LocalDate | null;
  readonly endReason: string | null;
  readonly halfDaysAgreed: number;
  readonly halfDaysDelivered: number;
  readonly clusterId: string | null;
  readonly evaluatedOn: LocalDate | null;
  /** Met when every objective was, not met when none was even in part; null until evaluated. */
  readonly outcome: ObjectiveOutcome | null;
  readonly objectives: readonly ObjectiveResult[];
  readonly recipientView: string | null;
  readonly lleView: string | null;
}

/** A recipient school's support in one academic year. */
export interface RecipientYearSupport extends CompletionFigures {
  readonly recipientUrn: number;
  readonly recipientName: string | null;
  readonly laCode: string | null;
  readonly laName: string | null;
  readonly academicYear: string;
}

interface FiguresRow {
  placements: number;
  in_progress: number;
  completed: number;
  ended_early: number;
  evaluated: number;
  met: number;
  partly_met: number;
  not_met: number;
  agreed: number;
  delivered: number;
}

const FIGURES_SQL = `
  COALESCE(sum(i.placements), 0)::integer AS placements,
  COALESCE(sum(i.in_progress), 0)::integer AS in_progress,
  COALESCE(sum(i.completed), 0)::integer AS completed,
  COALESCE(sum(i.ended_early), 0)::integer AS ended_early,
  COALESCE(sum(i.evaluated), 0)::integer AS evaluated,
  COALESCE(sum(i.met), 0)::integer AS met,
  COALESCE(sum(i.partly_met), 0)::integer AS partly_met,
  COALESCE(sum(i.not_met), 0)::integer AS not_met,
  COALESCE(sum(i.half_days_agreed), 0)::integer AS agreed,
  COALESCE(sum(i.half_days_delivered), 0)::integer AS delivered`;

/** Each placement as a row of one, with the columns of `impact_rows`, for FIGURES_SQL to add up. */
const PLACEMENT_FIGURES = `
  SELECT p.*, 1 AS placements, (p.status = 'in_progress')::integer AS in_progress,
         (p.status = 'completed')::integer AS completed, (p.status = 'ended_early')::integer AS ended_early,
         (p.outcome IS NOT NULL)::integer AS evaluated, (p.outcome IS NOT DISTINCT FROM 'met')::integer AS met,
         (p.outcome IS NOT DISTINCT FROM 'partly_met')::integer AS partly_met,
         (p.outcome IS NOT DISTINCT FROM 'not_met')::integer AS not_met
    FROM impact_placements p`;

/** $1 alliance, $2 LA code, $3 phase, $4 academic year, on `i`: any table keyed like the dashboard's rows. */
const FILTERED_ROWS = `($1::text IS NULL OR i.alliance = $1) AND ($2::text IS NULL OR i.la_code = $2)
  AND ($3::text IS NULL OR i.phase = $3) AND ($4::text IS NULL OR i.academic_year = $4)`;

/** FILTERED_ROWS, and $5 the recipient URN: on placements. */
const FILTERED = `${FILTERED_ROWS} AND ($5::integer IS NULL OR i.recipient_urn = $5)`;

/** Placements `i`, naming the recipient from the schools read model (`s`). */
const FROM = `FROM impact_placements i LEFT JOIN schools s ON s.urn = i.recipient_urn`;

/**
 * Reads the impact evaluation (projection `impact_evaluation`), naming schools from the schools read model:
 * outcomes per placement, per cluster and competency, completion and days per row, and each recipient
 * school's support over the years. The local authority is the recipient school's as the projection has it
 * from the schools' events. Without a recipient, the summaries add up the sums the projection keeps per row
 * (a few hundred rows); for one recipient, its placements (a handful).
 */
export class ImpactEvaluationQuery {
  constructor(private readonly db: Queryable) {}

  /** Completed against ended early and days delivered against agreed, per row and for the selection. */
  async summary(filter: ImpactFilter): Promise<ImpactDashboard> {
    const [source, where] =
      filter.recipientUrn === undefined
        ? [`impact_rows`, `${FILTERED_ROWS} AND i.placements > 0`]
        : [`(${PLACEMENT_FIGURES})`, FILTERED];
    const rows = await this.db.query<
      Array<
        FiguresRow & {
          alliance: AllianceCode;
          la_code: string | null;
          la_name: string | null;
          phase: string;
          academic_year: string;
          total: number;
        }
      >
    >(
      `SELECT i.alliance, i.la_code, max(i.la_name) AS la_name, i.phase, i.academic_year,
              GROUPING(i.alliance) AS total, ${FIGURES_SQL}
         FROM ${source} i
        WHERE ${where}
        GROUP BY GROUPING SETS ((i.academic_year, i.alliance, i.la_code, i.phase), ())
        ORDER BY i.academic_year, i.alliance, max(i.la_name), i.phase`,
      paramsFor(filter),
    );
    const total = rows.find((row) => row.total);
    return {
      rows: rows
        .filter((row) => !row.total)
        .map((row) => ({
          alliance: row.alliance,
          laCode: row.la_code,
          laName: row.la_name,
          phase: row.phase,
          academicYear: row.academic_year,
          ...figuresOf(row),
        })),
      totals: total ? figuresOf(total) : figuresOf(EMPTY),
    };
  }

  /** Per cluster and competency: the evaluated placements that rated it, by outcome. */
  async competencies(filter: ImpactFilter): Promise<CompetencyOutcome[]> {
    // Per row of the dashboard, or per placement of the one recipient: the same columns either way.
    const [source, where] =
      filter.recipientUrn === undefined
        ? [`impact_competency_rows i`, FILTERED_ROWS]
        : [
            `(SELECT c.cluster_id, c.competency_id, 1 AS evaluated, (c.outcome = 'met')::integer AS met,
                     (c.outcome = 'partly_met')::integer AS partly_met,
                     (c.outcome = 'not_met')::integer AS not_met, c.ratings, c.rating_total, p.alliance,
                     p.la_code, p.phase, p.academic_year, p.recipient_urn
                FROM impact_competencies c JOIN impact_placements p ON p.placement_id = c.placement_id) i`,
            FILTERED,
          ];
    const rows = await this.db.query<
      Array<{
        cluster_id: string;
        cluster_name: string | null;
        alliance: AllianceCode | null;
        competency_id: string;
        competency_name: string | null;
        evaluated: number;
        met: number;
        partly_met: number;
        not_met: number;
        mean_rating: string;
      }>
    >(
      `SELECT c.cluster_id, k.name AS cluster_name, k.alliance, c.competency_id,
              (SELECT f->>'name' FROM jsonb_array_elements(k.competencies) f
                WHERE f->>'competencyId' = c.competency_id) AS competency_name,
              c.evaluated, c.met, c.partly_met, c.not_met, c.mean_rating
         FROM (SELECT i.cluster_id, i.competency_id, sum(i.evaluated)::integer AS evaluated,
                      sum(i.met)::integer AS met, sum(i.partly_met)::integer AS partly_met,
                      sum(i.not_met)::integer AS not_met,
                      round(sum(i.rating_total)::numeric / NULLIF(sum(i.ratings), 0), 2)::text AS mean_rating
                 FROM ${source}
                WHERE ${where}
                GROUP BY i.cluster_id, i.competency_id
               HAVING sum(i.evaluated) > 0) c
         LEFT JOIN impact_clusters k ON k.cluster_id = c.cluster_id
        ORDER BY k.alliance, k.name, c.cluster_id, c.competency_id`,
      paramsFor(filter),
    );
    return rows.map((row) => ({
      clusterId: row.cluster_id,
      clusterName: row.cluster_name,
      alliance: row.alliance,
      competencyId: row.competency_id,
      competencyName: row.competency_name,
      evaluated: row.evaluated,
      met: row.met,
      partlyMet: row.partly_met,
      notMet: row.not_met,
      meanRating: Number(row.mean_rating),
    }));
  }

  /** Each placement with its objectives against outcomes and evidence, by start date. */
  async placements(filter: ImpactFilter): Promise<PlacementImpact[]> {
    const rows = await this.db.query<
      Array<{
        placement_id: string;
        alliance: AllianceCode;
        lle_id: string;
        recipient_urn: number;
        recipient_name: string | null;
        la_code: string | null;
        la_name: string | null;
        phase: string;
        academic_year: string;
        status: PlacementStatus;
        start_date: LocalDate;
        end_point_date: LocalDate;
        ended_on: LocalDate | null;
        end_reason: string | null;
        half_days_agreed: number;
        half_days_delivered: number;
        cluster_id: string | null;
        evaluated_on: LocalDate | null;
        outcome: ObjectiveOutcome | null;
        objectives: Array<{ objectiveId: string; description: string }>;
        evaluation: {
          objectives: Array<{
            objectiveId: string;
            outcome: ObjectiveOutcome;
            evidence: string;
            ratings: Array<{ competencyId: string; rating: number }>;
          }>;
          recipientView: string;
          lleView: string;
        } | null;
      }>
    >(
      `SELECT i.placement_id, i.alliance, i.lle_id, i.recipient_urn, s.name AS recipient_name, i.la_code, i.la_name,
              i.phase, i.academic_year, i.status, to_char(i.start_date, 'YYYY-MM-DD') AS start_date,
              to_char(i.end_point_date, 'YYYY-MM-DD') AS end_point_date,
              to_char(i.ended_on, 'YYYY-MM-DD') AS ended_on, i.end_reason, i.half_days_agreed,
              i.half_days_delivered, i.cluster_id, to_char(i.evaluated_on, 'YYYY-MM-DD') AS evaluated_on,
              i.outcome, i.objectives, i.evaluation
         ${FROM}
        WHERE ${FILTERED}
        ORDER BY i.start_date, i.placement_id`,
      params(filter),
    );
    return rows.map((row) => {
      const evaluated = new Map((row.evaluation?.objectives ?? []).map((o) => [o.objectiveId, o]));
      return {
        placementId: row.placement_id,
        alliance: row.alliance,
        lleId: row.lle_id,
        recipientUrn: row.recipient_urn,
        recipientName: row.recipient_name,
        laCode: row.la_code,
        laName: row.la_name,
        phase: row.phase,
        academicYear: row.academic_year,
        status: row.status,
        startDate: row.start_date,
        endPointDate: row.end_point_date,
        endedOn: row.ended_on,
        endReason: row.end_reason,
        halfDaysAgreed: row.half_days_agreed,
        halfDaysDelivered: row.half_days_delivered,
        clusterId: row.cluster_id,
        evaluatedOn: row.evaluated_on,
        outcome: row.outcome,
        objectives: row.objectives.map(({ objectiveId, description }) => {
          const result = evaluated.get(objectiveId);
          return {
            objectiveId,
            description,
            outcome: result?.outcome ?? null,
            evidence: result?.evidence ?? null,
            ratings: result?.ratings ?? [],
          };
        }),
        recipientView: row.evaluation?.recipientView ?? null,
        lleView: row.evaluation?.lleView ?? null,
      };
    });
  }

  /** Each recipient school's support per academic year, oldest first. */
  async recipients(filter: ImpactFilter): Promise<RecipientYearSupport[]> {
    const rows = await this.db.query<
      Array<
        FiguresRow & {
          recipient_urn: number;
          recipient_name: string | null;
          la_code: string | null;
          la_name: string | null;
          academic_year: string;
        }
      >
    >(
      `SELECT i.recipient_urn, s.name AS recipient_name, i.la_code, i.la_name, i.academic_year, ${FIGURES_SQL}
         FROM (${PLACEMENT_FIGURES}) i LEFT JOIN schools s ON s.urn = i.recipient_urn
        WHERE ${FILTERED}
        GROUP BY i.recipient_urn, s.name, i.la_code, i.la_name, i.academic_year
        ORDER BY s.name, i.recipient_urn, i.academic_year`,
      params(filter),
    );
    return rows.map((row) => ({
      recipientUrn: row.recipient_urn,
      recipientName: row.recipient_name,
      laCode: row.la_code,
      laName: row.la_name,
      academicYear: row.academic_year,
      ...figuresOf(row),
    }));
  }
}

const EMPTY: FiguresRow = {
  placements: 0,
  in_progress: 0,
  completed: 0,
  ended_early: 0,
  evaluated: 0,
  met: 0,
  partly_met: 0,
  not_met: 0,
  agreed: 0,
  delivered: 0,
};

function figuresOf(row: FiguresRow): CompletionFigures {
  return {
    placements: row.placements,
    inProgress: row.in_progress,
    completed: row.completed,
    endedEarly: row.ended_early,
    evaluated: row.evaluated,
    met: row.met,
    partlyMet: row.partly_met,
    notMet: row.not_met,
    halfDaysAgreed: row.agreed,
    halfDaysDelivered: row.delivered,
  };
}

function params(filter: ImpactFilter): Array<string | number | null> {
  return [
    filter.alliance ?? null,
    filter.laCode ?? null,
    filter.phase ?? null,
    filter.academicYear ?? null,
    filter.recipientUrn ?? null,
  ];
}

/** The parameters of a query over the rows (FILTERED_ROWS), which has no $5 to type, or over placements. */
function paramsFor(filter: ImpactFilter): Array<string | number | null> {
  return filter.recipientUrn === undefined ? params(filter).slice(0, 4) : params(filter);
}
