import type { AllianceCode, LocalDate } from '@lle/domain';
import type { Queryable } from '@lle/projections';
import { schoolColumnsSql, schoolRefOf, type SchoolColumns, type SchoolRef } from '../brokerage-columns';
import type { PlacementStatus } from '../placements/placements.query';

/** One placement's part in an LLE's load, in half-days. */
export interface LlePlacementLoad {
  readonly placementId: string;
  /** Null until the placement's own stream is opened (it is brokered on the LLE's commitments first). */
  readonly recipient: SchoolRef | null;
  readonly startDate: LocalDate | null;
  readonly status: PlacementStatus;
  /** As the capacity rule counts it (see LleYearLoad). */
  readonly committedHalfDays: number;
  readonly agreedHalfDays: number;
  readonly deliveredHalfDays: number;
  /** Still to deliver: agreed less delivered while in progress, none once ended. */
  readonly remainingHalfDays: number;
}

/** An LLE's load in one academic year, in half-days, over the placements that start in it. */
export interface LleYearLoad {
  readonly lleId: string;
  /** e.g. 2027/28. */
  readonly academicYear: string;
  /** The capacity applied by the latest decision that added days in the year; null when none did. */
  readonly capacityHalfDays: number | null;
  /**
   * What the capacity rule counts: each placement's days as brokered, plus reservations of amendments, less
   * releases; an ended placement only what it delivered (the rest was released).
   */
  readonly committedHalfDays: number;
  /** The days agreed on the placements now. */
  readonly agreedHalfDays: number;
  /** Logged less voided, by the LLE and by staff days were transferred to. */
  readonly deliveredHalfDays: number;
  /** Still to deliver on the placements in progress. */
  readonly remainingHalfDays: number;
  /** Capacity less committed (never below 0): what can still be brokered; null when the capacity is unknown. */
  readonly availableHalfDays: number | null;
  /** By start date. */
  readonly placements: readonly LlePlacementLoad[];
}

/** A day in an LLE's diary: delivered on one of their placements, or by them on another's. */
export interface DiaryEntry {
  readonly date: LocalDate;
  readonly dayId: string;
  readonly placementId: string;
  /** The placement's alliance. */
  readonly alliance: AllianceCode;
  readonly recipient: SchoolRef;
  readonly halfDays: number;
  /** Who delivered it (a person id): the LLE, or staff days were transferred to. */
  readonly personId: string;
  readonly deliveredAs: 'lle' | 'staff';
  /** As given (the edge may have sealed it). */
  readonly note: string;
  readonly voided: boolean;
  readonly voidReason: string | null;
}

export interface DiaryRange {
  /** From this date, inclusive. */
  readonly from?: LocalDate;
  /** Up to this date, inclusive. */
  readonly to?: LocalDate;
  /** Voided days too (marked); left out by default. */
  readonly includeVoided?: boolean;
}

interface LoadRow extends SchoolColumns {
  academic_year: string;
  placement_id: string;
  committed_half_days: number;
  capacity_half_days: number;
  capacity_position: string;
  recipient_urn: number | null;
  start_date: LocalDate | null;
  status: PlacementStatus;
  agreed_half_days: number;
  delivered_half_days: number;
}

interface DiaryRow extends SchoolColumns {
  day_date: LocalDate;
  day_id: string;
  placement_id: string;
  alliance: AllianceCode;
  recipient_urn: number;
  half_days: number;
  person_id: string;
  delivered_as: 'lle' | 'staff';
  note: string;
  voided: boolean;
  void_reason: string | null;
}

/**
 * Reads an LLE's load per academic year (projection `lle_load`, with the days agreed and delivered from
 * projection `placements`) and their diary (projection `placements`).
 */
export class LleDiaryQuery {
  constructor(private readonly db: Queryable) {}

  /**
   * The LLE's load in each academic year they have placements in, oldest first; or, when a year is given,
   * in that year only (all zeros when they have none in it).
   */
  async load(lleId: string, academicYear?: string): Promise<LleYearLoad[]> {
    // A placement brokered but not yet opened on its own stream counts as in progress, with nothing delivered.
    const rows = await this.db.query<LoadRow[]>(
      `SELECT c.academic_year, c.placement_id, c.committed_half_days, c.capacity_half_days, c.capacity_position,
              p.recipient_urn, ${schoolColumnsSql('s')}, to_char(p.start_date, 'YYYY-MM-DD') AS start_date,
              COALESCE(p.status, 'in_progress') AS status,
              COALESCE(p.half_days_agreed, c.brokered_half_days) AS agreed_half_days,
              COALESCE(p.half_days_delivered, 0) AS delivered_half_days
         FROM lle_commitments c
         LEFT JOIN placements p ON p.placement_id = c.placement_id
         LEFT JOIN schools s ON s.urn = p.recipient_urn
        WHERE c.lle_id = $1 AND ($2::text IS NULL OR c.academic_year = $2)
        ORDER BY c.academic_year, p.start_date NULLS LAST, c.placement_id`,
      [lleId, academicYear ?? null],
    );
    const years = new Map<string, LoadRow[]>();
    for (const row of rows) years.set(row.academic_year, [...(years.get(row.academic_year) ?? []), row]);
    if (academicYear !== undefined && !years.has(academicYear)) years.set(academicYear, []);
    return [...years].map(([year, yearRows]) => yearLoad(lleId, year, yearRows));
  }

  /** The days delivered on the LLE's placements, or by the LLE on another's, by date. */
  async diary(lleId: string, range: DiaryRange = {}): Promise<DiaryEntry[]> {
    const rows = await this.db.query<DiaryRow[]>(
      `SELECT to_char(d.day_date, 'YYYY-MM-DD') AS day_date, d.day_id, d.placement_id, p.alliance, p.recipient_urn,
              ${schoolColumnsSql('s')}, d.half_days, d.person_id, d.delivered_as, d.note,
              d.voided_position IS NOT NULL AS voided, d.void_reason
         FROM placement_days d
         JOIN placements p ON p.placement_id = d.placement_id
         LEFT JOIN schools s ON s.urn = p.recipient_urn
        WHERE (p.lle_id = $1 OR d.person_id = $1)
          AND ($2::date IS NULL OR d.day_date >= $2) AND ($3::date IS NULL OR d.day_date <= $3)
          AND ($4::boolean OR d.voided_position IS NULL)
        ORDER BY d.day_date, d.logged_position, d.day_id`,
      [lleId, range.from ?? null, range.to ?? null, range.includeVoided ?? false],
    );
    return rows.map((row) => ({
      date: row.day_date,
      dayId: row.day_id,
      placementId: row.placement_id,
      alliance: row.alliance,
      recipient: schoolRefOf(row.recipient_urn, row),
      halfDays: row.half_days,
      personId: row.person_id,
      deliveredAs: row.delivered_as,
      note: row.note,
      voided: row.voided,
      voidReason: row.void_reason,
    }));
  }
}

function yearLoad(lleId: string, academicYear: string, rows: readonly LoadRow[]): LleYearLoad {
  const placements = rows.map((row): LlePlacementLoad => ({
    placementId: row.placement_id,
    recipient: row.recipient_urn === null ? null : schoolRefOf(row.recipient_urn, row),
    startDate: row.start_date,
    status: row.status,
    committedHalfDays: row.committed_half_days,
    agreedHalfDays: row.agreed_half_days,
    deliveredHalfDays: row.delivered_half_days,
    remainingHalfDays:
      row.status === 'in_progress' ? Math.max(0, row.agreed_half_days - row.delivered_half_days) : 0,
  }));
  const sum = (pick: (p: LlePlacementLoad) => number): number =>
    placements.reduce((total, placement) => total + pick(placement), 0);
  const latest = rows.reduce<LoadRow | undefined>(
    (last, row) =>
      last === undefined || BigInt(row.capacity_position) > BigInt(last.capacity_position) ? row : last,
    undefined,
  );
  const committedHalfDays = sum((p) => p.committedHalfDays);
  const capacityHalfDays = latest?.capacity_half_days ?? null;
  return {
    lleId,
    academicYear,
    capacityHalfDays,
    committedHalfDays,
    agreedHalfDays: sum((p) => p.agreedHalfDays),
    deliveredHalfDays: sum((p) => p.deliveredHalfDays),
    remainingHalfDays: sum((p) => p.remainingHalfDays),
    availableHalfDays: capacityHalfDays === null ? null : Math.max(0, capacityHalfDays - committedHalfDays),
    placements,
  };
}
