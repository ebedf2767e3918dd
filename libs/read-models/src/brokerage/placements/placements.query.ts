import type {
  AllianceCode,
  AmendmentAgreement,
  EndPoint,
  LocalDate,
  Objective,
  PlacementOnRecord,
  RequestingBody,
} from '@lle/domain';
import type { GlobalPosition } from '@lle/event-store';
import type { Queryable } from '@lle/projections';
import {
  requestingBodyNameSql,
  requestingBodyOf,
  schoolColumnsSql,
  schoolRefOf,
  type RequestingBodyColumns,
  type SchoolColumns,
  type SchoolRef,
} from '../brokerage-columns';
import type { StoredImpact } from './placements.projection';

export const PLACEMENT_STATUSES = ['in_progress', 'completed', 'ended_early'] as const;
export type PlacementStatus = PlacementOnRecord['status'];

/** How the objectives came out, once the impact is evaluated. */
export interface ImpactSummary {
  readonly evaluatedOn: LocalDate;
  readonly objectives: number;
  readonly met: number;
  readonly partlyMet: number;
  readonly notMet: number;
}

/**
 * One placement with its days, all in half-days. Transfers come out of the days agreed: remaining is agreed
 * less delivered (by the LLE or by staff), and `halfDaysTransferred` says how many of the agreed were given
 * to staff at the LLE's school.
 */
export interface PlacementView {
  readonly placementId: string;
  readonly requestId: string;
  readonly alliance: AllianceCode;
  /** The LLE's person id. */
  readonly lleId: string;
  /** The school the LLE leads, credited with its share. */
  readonly lleSchoolUrn: number;
  /** Named from the schools read model (null fields when the school is not known). */
  readonly recipient: SchoolRef;
  readonly requestingBody: RequestingBody;
  /** The school's or local authority's name from the schools read model, or the diocese; null if unknown. */
  readonly requestingBodyName: string | null;
  readonly phase: string;
  readonly status: PlacementStatus;
  readonly startDate: LocalDate;
  readonly endPoint: EndPoint;
  /** The academic year of the start date, in which all its days are committed (e.g. 2027/28). */
  readonly academicYear: string;
  readonly halfDaysAgreed: number;
  /** Every day logged, voided ones included. */
  readonly halfDaysLogged: number;
  readonly halfDaysVoided: number;
  /** Logged less voided. */
  readonly halfDaysDelivered: number;
  readonly halfDaysTransferred: number;
  /** Agreed less delivered. */
  readonly halfDaysRemaining: number;
  /** Integer pence per full day. */
  readonly dayRatePence: number;
  /** The share of each fee credited to the LLE's school, in basis points. */
  readonly lleSchoolShareBps: number;
  /** The guideline applied, in half-days per academic year. */
  readonly guidelineHalfDays: number;
  /** The days agreed are above the guideline; the override's reason says why. */
  readonly overGuideline: boolean;
  readonly guidelineOverrideReason: string | null;
  readonly brokeredOn: LocalDate;
  /** When completed or ended early. */
  readonly endedOn: LocalDate | null;
  /** Why it ended early. */
  readonly endReason: string | null;
  readonly impact: ImpactSummary | null;
  readonly openedAt: Date;
  readonly updatedAt: Date;
  /** The placement stream's revision. */
  readonly revision: number;
  /** A bigint: convert it before JSON. */
  readonly position: GlobalPosition;
}

/** A day logged on a placement; a voided one stays, marked, with why. */
export interface PlacementDayView {
  readonly dayId: string;
  readonly date: LocalDate;
  readonly halfDays: number;
  /** Who delivered it: the LLE or a member of staff days were transferred to (a person id). */
  readonly personId: string;
  readonly deliveredAs: 'lle' | 'staff';
  /** As given (the edge may have sealed it). */
  readonly note: string;
  readonly loggedOn: LocalDate;
  readonly loggedAt: Date;
  readonly voided: boolean;
  readonly voidReason: string | null;
  readonly voidedOn: LocalDate | null;
  readonly voidedAt: Date | null;
}

export interface PlacementTransferView {
  readonly transferId: string;
  readonly toPersonId: string;
  readonly role: string;
  readonly halfDays: number;
  readonly transferredOn: LocalDate;
  readonly recordedAt: Date;
}

export interface PlacementAmendmentView {
  readonly amendmentId: string;
  readonly halfDaysBefore: number;
  readonly halfDaysAgreed: number;
  readonly endPointBefore: EndPoint;
  readonly endPoint: EndPoint;
  /** Who agreed for the LLE, the recipient and the alliance, and when. */
  readonly agreement: AmendmentAgreement;
  readonly guidelineHalfDays: number;
  readonly guidelineOverrideReason: string | null;
  readonly amendedOn: LocalDate;
  /** Who recorded it (the subject of their token), when the metadata says. */
  readonly by: string | null;
  readonly recordedAt: Date;
}

/** The impact evaluation in full; evidence and views as given (the edge may have sealed them). */
export interface ImpactEvaluationView extends StoredImpact {
  readonly evaluatedOn: LocalDate;
}

export interface PlacementDetail extends PlacementView {
  readonly objectives: readonly Objective[];
  /** Every day logged, by date. */
  readonly days: readonly PlacementDayView[];
  /** In the order they were made. */
  readonly transfers: readonly PlacementTransferView[];
  /** In the order they were made. */
  readonly amendments: readonly PlacementAmendmentView[];
  readonly impactEvaluation: ImpactEvaluationView | null;
}

export interface PlacementFilter {
  readonly alliance?: string;
  readonly status?: PlacementStatus;
  readonly lleId?: string;
  readonly recipientUrn?: number;
  readonly academicYear?: string;
}

export interface PlacementRow extends RequestingBodyColumns, SchoolColumns {
  placement_id: string;
  request_id: string;
  alliance: AllianceCode;
  lle_id: string;
  lle_school_urn: number;
  recipient_urn: number;
  requesting_body_name: string | null;
  phase: string;
  status: PlacementStatus;
  start_date: LocalDate;
  end_point_date: LocalDate;
  end_point_description: string;
  academic_year: string;
  half_days_agreed: number;
  half_days_logged: number;
  half_days_voided: number;
  half_days_delivered: number;
  half_days_transferred: number;
  half_days_remaining: number;
  day_rate_pence: number;
  lle_school_share_bps: number;
  guideline_half_days: number;
  over_guideline: boolean;
  guideline_override_reason: string | null;
  objectives: Objective[];
  brokered_on: LocalDate;
  ended_on: LocalDate | null;
  end_reason: string | null;
  impact: StoredImpact | null;
  evaluated_on: LocalDate | null;
  opened_at: Date;
  updated_at: Date;
  stream_revision: number;
  last_position: string;
}

interface DayRow {
  day_id: string;
  day_date: LocalDate;
  half_days: number;
  person_id: string;
  delivered_as: 'lle' | 'staff';
  note: string;
  logged_on: LocalDate;
  logged_at: Date;
  void_reason: string | null;
  voided_on: LocalDate | null;
  voided_at: Date | null;
  voided: boolean;
}

interface TransferRow {
  transfer_id: string;
  to_person_id: string;
  role: string;
  half_days: number;
  transferred_on: LocalDate;
  recorded_at: Date;
}

interface AmendmentRow {
  amendment_id: string;
  half_days_before: number;
  half_days_agreed: number;
  end_point_before_date: LocalDate;
  end_point_before_description: string;
  end_point_date: LocalDate;
  end_point_description: string;
  agreement: AmendmentAgreement;
  guideline_half_days: number;
  guideline_override_reason: string | null;
  amended_on: LocalDate;
  actor: string | null;
  recorded_at: Date;
}

/**
 * The columns of a placement (`p`) with its recipient (`s`) joined from the schools read model. Dates as
 * text, so the driver does not turn them into Dates at the server's midnight.
 */
export const PLACEMENT_SELECT = `
  SELECT p.placement_id, p.request_id, p.alliance, p.lle_id, p.lle_school_urn, p.recipient_urn,
         ${schoolColumnsSql('s')},
         p.requesting_body_kind, p.requesting_body_urn, p.requesting_body_la_code, p.requesting_body_diocese,
         ${requestingBodyNameSql('p')} AS requesting_body_name,
         p.phase, p.status, to_char(p.start_date, 'YYYY-MM-DD') AS start_date,
         to_char(p.end_point_date, 'YYYY-MM-DD') AS end_point_date, p.end_point_description, p.academic_year,
         p.half_days_agreed, p.half_days_logged, p.half_days_voided, p.half_days_delivered,
         p.half_days_transferred, p.half_days_remaining, p.day_rate_pence, p.lle_school_share_bps,
         p.guideline_half_days, p.over_guideline, p.guideline_override_reason, p.objectives,
         to_char(p.brokered_on, 'YYYY-MM-DD') AS brokered_on, to_char(p.ended_on, 'YYYY-MM-DD') AS ended_on,
         p.end_reason, p.impact, to_char(p.evaluated_on, 'YYYY-MM-DD') AS evaluated_on, p.opened_at,
         p.updated_at, p.stream_revision, p.last_position
    FROM placements p
    LEFT JOIN schools s ON s.urn = p.recipient_urn`;

/** Reads the placements with their days, transfers and amendments (projection `placements`). */
export class PlacementsQuery {
  constructor(private readonly db: Queryable) {}

  /** The placements matching every filter given, by start date. */
  async list(filter: PlacementFilter = {}): Promise<PlacementView[]> {
    const rows = await this.db.query<PlacementRow[]>(
      `${PLACEMENT_SELECT}
        WHERE ($1::text IS NULL OR p.alliance = $1) AND ($2::text IS NULL OR p.status = $2)
          AND ($3::text IS NULL OR p.lle_id = $3) AND ($4::integer IS NULL OR p.recipient_urn = $4)
          AND ($5::text IS NULL OR p.academic_year = $5)
        ORDER BY p.start_date, p.placement_id`,
      [
        filter.alliance ?? null,
        filter.status ?? null,
        filter.lleId ?? null,
        filter.recipientUrn ?? null,
        filter.academicYear ?? null,
      ],
    );
    return rows.map(toPlacementView);
  }

  /** The placement with every day, transfer and amendment, or undefined when there is none with that id. */
  async get(placementId: string): Promise<PlacementDetail | undefined> {
    const [row] = await this.db.query<PlacementRow[]>(`${PLACEMENT_SELECT} WHERE p.placement_id = $1`, [
      placementId,
    ]);
    if (!row) return undefined;
    const [days, transfers, amendments] = await Promise.all([
      this.db.query<DayRow[]>(
        `SELECT day_id, to_char(day_date, 'YYYY-MM-DD') AS day_date, half_days, person_id, delivered_as, note,
                to_char(logged_on, 'YYYY-MM-DD') AS logged_on, logged_at, void_reason,
                to_char(voided_on, 'YYYY-MM-DD') AS voided_on, voided_at, voided_position IS NOT NULL AS voided
           FROM placement_days WHERE placement_id = $1 ORDER BY day_date, logged_position, day_id`,
        [placementId],
      ),
      this.db.query<TransferRow[]>(
        `SELECT transfer_id, to_person_id, role, half_days, to_char(transferred_on, 'YYYY-MM-DD') AS transferred_on,
                recorded_at
           FROM placement_transfers WHERE placement_id = $1 ORDER BY position, transfer_id`,
        [placementId],
      ),
      this.db.query<AmendmentRow[]>(
        `SELECT amendment_id, half_days_before, half_days_agreed,
                to_char(end_point_before_date, 'YYYY-MM-DD') AS end_point_before_date,
                end_point_before_description, to_char(end_point_date, 'YYYY-MM-DD') AS end_point_date,
                end_point_description, agreement, guideline_half_days, guideline_override_reason,
                to_char(amended_on, 'YYYY-MM-DD') AS amended_on, actor, recorded_at
           FROM placement_amendments WHERE placement_id = $1 ORDER BY position, amendment_id`,
        [placementId],
      ),
    ]);
    return {
      ...toPlacementView(row),
      objectives: row.objectives,
      days: days.map(toDayView),
      transfers: transfers.map((t) => ({
        transferId: t.transfer_id,
        toPersonId: t.to_person_id,
        role: t.role,
        halfDays: t.half_days,
        transferredOn: t.transferred_on,
        recordedAt: t.recorded_at,
      })),
      amendments: amendments.map((a) => ({
        amendmentId: a.amendment_id,
        halfDaysBefore: a.half_days_before,
        halfDaysAgreed: a.half_days_agreed,
        endPointBefore: { date: a.end_point_before_date, description: a.end_point_before_description },
        endPoint: { date: a.end_point_date, description: a.end_point_description },
        agreement: a.agreement,
        guidelineHalfDays: a.guideline_half_days,
        guidelineOverrideReason: a.guideline_override_reason,
        amendedOn: a.amended_on,
        by: a.actor,
        recordedAt: a.recorded_at,
      })),
      impactEvaluation:
        row.impact && row.evaluated_on !== null ? { ...row.impact, evaluatedOn: row.evaluated_on } : null,
    };
  }
}

export function toPlacementView(row: PlacementRow): PlacementView {
  return {
    placementId: row.placement_id,
    requestId: row.request_id,
    alliance: row.alliance,
    lleId: row.lle_id,
    lleSchoolUrn: row.lle_school_urn,
    recipient: schoolRefOf(row.recipient_urn, row),
    requestingBody: requestingBodyOf(row),
    requestingBodyName: row.requesting_body_name,
    phase: row.phase,
    status: row.status,
    startDate: row.start_date,
    endPoint: { date: row.end_point_date, description: row.end_point_description },
    academicYear: row.academic_year,
    halfDaysAgreed: row.half_days_agreed,
    halfDaysLogged: row.half_days_logged,
    halfDaysVoided: row.half_days_voided,
    halfDaysDelivered: row.half_days_delivered,
    halfDaysTransferred: row.half_days_transferred,
    halfDaysRemaining: row.half_days_remaining,
    dayRatePence: row.day_rate_pence,
    lleSchoolShareBps: row.lle_school_share_bps,
    guidelineHalfDays: row.guideline_half_days,
    overGuideline: row.over_guideline,
    guidelineOverrideReason: row.guideline_override_reason,
    brokeredOn: row.brokered_on,
    endedOn: row.ended_on,
    endReason: row.end_reason,
    impact: impactSummary(row.impact, row.evaluated_on),
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
    revision: Number(row.stream_revision),
    position: BigInt(row.last_position),
  };
}

export function impactSummary(
  impact: StoredImpact | null,
  evaluatedOn: LocalDate | null,
): ImpactSummary | null {
  if (impact === null || evaluatedOn === null) return null;
  const count = (outcome: string): number => impact.objectives.filter((o) => o.outcome === outcome).length;
  return {
    evaluatedOn,
    objectives: impact.objectives.length,
    met: count('met'),
    partlyMet: count('partly_met'),
    notMet: count('not_met'),
  };
}

function toDayView(row: DayRow): PlacementDayView {
  return {
    dayId: row.day_id,
    date: row.day_date,
    halfDays: row.half_days,
    personId: row.person_id,
    deliveredAs: row.delivered_as,
    note: row.note,
    loggedOn: row.logged_on,
    loggedAt: row.logged_at,
    voided: row.voided,
    voidReason: row.void_reason,
    voidedOn: row.voided_on,
    voidedAt: row.voided_at,
  };
}
