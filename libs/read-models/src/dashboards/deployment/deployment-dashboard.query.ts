import { academicYearOf, isLocalDate, type AllianceCode, type LocalDate } from '@lle/domain';
import type { Queryable } from '@lle/projections';
import type { PlacementStatus } from '../../brokerage/placements/placements.query';

/** What a deployment dashboard is asked for: every filter is optional; `asOf` is the day it is read on. */
export interface DeploymentFilter {
  readonly alliance?: string;
  /** The local authority's three-digit code. */
  readonly laCode?: string;
  readonly phase?: string;
  /** e.g. 2025/26: 1 September 2025 to 31 August 2026. */
  readonly academicYear?: string;
  /** Requests waiting, how long, and LLEs designated and active, are counted on this date. */
  readonly asOf: LocalDate;
}

/** A row's key: the alliance, the recipient's local authority (the LLE's school's for LLEs), phase and year. */
export interface DeploymentRowKey {
  readonly alliance: AllianceCode;
  /** Null when the school is not (yet) known from its events. */
  readonly laCode: string | null;
  readonly laName: string | null;
  readonly phase: string | null;
  readonly academicYear: string;
}

/** Why placements went over the days guideline, and how many did for that reason. */
export interface OverrideReason {
  readonly reason: string;
  readonly placements: number;
}

/** The figures of a row, or of the whole selection. Days are half-days (whole numbers). */
export interface DeploymentFigures {
  /** LLEs holding a designation (active or suspended) at the end of the year, or on `asOf` if sooner. */
  readonly llesDesignated: number;
  /** Of those, the ones active (not suspended) then. */
  readonly llesActive: number;
  /** LLEs with a placement of the year in progress. */
  readonly llesDeployed: number;
  /** Placements of the year (of their start), by status. */
  readonly placements: number;
  readonly placementsInProgress: number;
  readonly placementsCompleted: number;
  readonly placementsEndedEarly: number;
  /** Placements agreed above the days guideline, each with an override; the reasons below. */
  readonly placementsOverGuideline: number;
  readonly overrideReasons: readonly OverrideReason[];
  /** Agreed on the placements of the year. */
  readonly halfDaysAgreed: number;
  /** Logged less voided, on days whose date is in the year. */
  readonly halfDaysDelivered: number;
  /** Of the days agreed, those given to staff at the LLE's school. */
  readonly halfDaysTransferred: number;
  /** Agreed less delivered on the placements of the year still in progress. */
  readonly halfDaysRemaining: number;
  /** Requests of the year (by the date made) waiting on `asOf`, and the days they have waited by then. */
  readonly requestsWaiting: number;
  readonly waitingDaysTotal: number;
  readonly waitingDaysLongest: number;
}

export interface DeploymentRow extends DeploymentRowKey, DeploymentFigures {}

export interface DeploymentDashboard {
  readonly asOf: LocalDate;
  /** By academic year, alliance, local authority and phase. */
  readonly rows: readonly DeploymentRow[];
  /** The whole selection: sums, except that an LLE in several rows counts once. */
  readonly totals: DeploymentFigures;
}

/** The figures a drill-down opens; each is the placements (or requests, or LLEs) adding up to it. */
export const PLACEMENT_FIGURES = [
  'placements',
  'placementsInProgress',
  'placementsCompleted',
  'placementsEndedEarly',
  'placementsOverGuideline',
  'llesDeployed',
  'halfDaysAgreed',
  'halfDaysDelivered',
  'halfDaysTransferred',
  'halfDaysRemaining',
] as const;
export type PlacementFigure = (typeof PLACEMENT_FIGURES)[number];

export const LLE_FIGURES = ['llesDesignated', 'llesActive'] as const;
export type LleFigure = (typeof LLE_FIGURES)[number];

/** One placement's part in a row: its figures in that academic year. */
export interface DeploymentPlacement extends DeploymentRowKey {
  readonly placementId: string;
  readonly requestId: string;
  readonly lleId: string;
  readonly recipientUrn: number;
  /** From the schools read model; null when not known. */
  readonly recipientName: string | null;
  readonly status: PlacementStatus;
  /** The academic year of its start, which holds its days agreed. */
  readonly placementAcademicYear: string;
  readonly startDate: LocalDate;
  readonly endPointDate: LocalDate;
  readonly endedOn: LocalDate | null;
  readonly halfDaysAgreed: number;
  readonly halfDaysDelivered: number;
  readonly halfDaysTransferred: number;
  readonly halfDaysRemaining: number;
  readonly overGuideline: boolean;
  readonly guidelineOverrideReason: string | null;
  /** Integer pence per full day. */
  readonly dayRatePence: number;
}

/** One page of a drill-down: at most `limit` entries, after the one the cursor `after` names. */
export interface PageRequest {
  /** 1 to PAGE_LIMITS.max; PAGE_LIMITS.default when left out. */
  readonly limit?: number;
  /** The `next` of the page before; the first page without it. */
  readonly after?: string;
}

export const PAGE_LIMITS = { default: 100, max: 1000 } as const;

/** A page of the placements behind a figure. */
export interface DeploymentPlacementPage {
  readonly placements: DeploymentPlacement[];
  /** Pass back as `after` for the next page; null on the last. */
  readonly next: string | null;
}

/** Where a page of placements ended: the order's three keys, as an opaque text (base64url of JSON). */
interface PlacementCursor {
  readonly startDate: LocalDate;
  readonly placementId: string;
  readonly academicYear: string;
}

function placementCursor(placement: DeploymentPlacement): string {
  const keys = [placement.startDate, placement.placementId, placement.academicYear];
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/** The cursor's keys, or null when the text is not a cursor `placements` gave. */
function placementCursorOf(text: string): PlacementCursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) return null;
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(keys) || keys.length !== 3 || !keys.every((key) => typeof key === 'string')) return null;
  const [startDate, placementId, academicYear] = keys as [string, string, string];
  if (!isLocalDate(startDate) || placementId === '' || !/^\d{4}\/\d{2}$/.test(academicYear)) return null;
  return { startDate, placementId, academicYear };
}

/** Whether the text is a cursor `placements` gave (what a request's `after` must be). */
export function isPlacementCursor(text: unknown): boolean {
  return typeof text === 'string' && placementCursorOf(text) !== null;
}

function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return PAGE_LIMITS.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMITS.max) {
    throw new Error(`A page holds 1 to ${PAGE_LIMITS.max} placements, not ${limit}`);
  }
  return limit;
}

/** A request waiting on `asOf`, and for how long. */
export interface WaitingRequest extends DeploymentRowKey {
  readonly requestId: string;
  readonly recipientUrn: number;
  readonly recipientName: string | null;
  readonly requestedOn: LocalDate;
  readonly waitingDays: number;
}

/** An LLE counted in a row, with their status on the day counted. */
export interface DashboardLle extends DeploymentRowKey {
  readonly lleId: string;
  readonly schoolUrn: number;
  readonly status: 'active' | 'suspended';
  readonly designatedFrom: LocalDate;
}

/** An LLE's load in one academic year against their capacity, in half-days. */
export interface LleCapacityLoad {
  readonly lleId: string;
  readonly alliance: AllianceCode;
  readonly schoolUrn: number;
  readonly laCode: string | null;
  readonly laName: string | null;
  readonly phase: string | null;
  readonly academicYear: string;
  /** As applied when their placements of the year were brokered. */
  readonly capacityHalfDays: number;
  readonly placements: number;
  readonly placementsInProgress: number;
  readonly halfDaysAgreed: number;
  readonly halfDaysDelivered: number;
  readonly halfDaysRemaining: number;
  /** Agreed as a share of capacity, in whole percent. */
  readonly loadPercent: number;
}

interface KeyRow {
  alliance: AllianceCode;
  la_code: string | null;
  la_name: string | null;
  phase: string | null;
  academic_year: string;
  /** 1 on the grand total of the grouping sets. */
  total: number;
}

interface PlacementFiguresRow extends KeyRow {
  placements: number;
  in_progress: number;
  completed: number;
  ended_early: number;
  over_guideline: number;
  agreed: number;
  delivered: number;
  transferred: number;
  remaining: number;
}

interface RequestFiguresRow extends KeyRow {
  waiting: number;
  waiting_days: number;
  longest: number;
}

interface LleFiguresRow extends KeyRow {
  designated: number;
  active: number;
}

interface ReasonRow extends KeyRow {
  reason: string;
  placements: number;
}

const ZERO: Omit<DeploymentFigures, 'overrideReasons'> = {
  llesDesignated: 0,
  llesActive: 0,
  llesDeployed: 0,
  placements: 0,
  placementsInProgress: 0,
  placementsCompleted: 0,
  placementsEndedEarly: 0,
  placementsOverGuideline: 0,
  halfDaysAgreed: 0,
  halfDaysDelivered: 0,
  halfDaysTransferred: 0,
  halfDaysRemaining: 0,
  requestsWaiting: 0,
  waitingDaysTotal: 0,
  waitingDaysLongest: 0,
};

/** What a selection with nothing in it (or nothing the reader may see) answers. */
export function emptyDeploymentDashboard(asOf: LocalDate): DeploymentDashboard {
  return { asOf, rows: [], totals: { ...ZERO, overrideReasons: [] } };
}

/** $1 alliance, $2 local authority code, $3 phase, $4 academic year: each applies when given. */
const FILTERED = (alias: string, year = `${alias}.academic_year`): string =>
  `($1::text IS NULL OR ${alias}.alliance = $1) AND ($2::text IS NULL OR ${alias}.la_code = $2)
   AND ($3::text IS NULL OR ${alias}.phase = $3) AND ($4::text IS NULL OR ${year} = $4)`;
const BY_ROW = (alias: string): string =>
  `GROUP BY GROUPING SETS ((${alias}.alliance, ${alias}.la_code, ${alias}.phase, ${alias}.academic_year), ())`;
const KEY_COLUMNS = (alias: string): string =>
  `${alias}.alliance, ${alias}.la_code, max(${alias}.la_name) AS la_name, ${alias}.phase, ${alias}.academic_year,
   GROUPING(${alias}.alliance) AS total`;

/**
 * The LLEs of the selection ($1 to $3 as in FILTERED, on the LLE's own school) with their status in each
 * academic year `years` gives (`academic_year`, and `on_date`: the day they are counted on).
 */
const lleStatusOn = (years: string): string => `
  WITH years AS (${years}),
       latest AS (
         SELECT s.lle_id, y.academic_year, s.status
           FROM years y JOIN dashboard_lle_statuses s
             ON s.effective_on <= y.on_date AND (s.ends_on IS NULL OR s.ends_on > y.on_date)),
       counted AS (
         SELECT l.lle_id, l.alliance, l.school_urn, l.la_code, l.la_name, l.phase, t.academic_year, t.status,
                to_char(l.designated_from, 'YYYY-MM-DD') AS designated_from
           FROM latest t JOIN dashboard_lles l ON l.lle_id = t.lle_id
          WHERE ($1::text IS NULL OR l.alliance = $1) AND ($2::text IS NULL OR l.la_code = $2)
            AND ($3::text IS NULL OR l.phase = $3))`;

/** $4 and $5: the academic years, and for each the day its LLEs are counted on. */
const GIVEN_YEARS = `SELECT * FROM unnest($4::text[], $5::date[]) AS y (academic_year, on_date)`;

/**
 * The years of the dashboard's rows (with placements, days or requests waiting on asOf, $5), and asOf's own
 * year ($6) when no year is asked for; each counted on its last day (31 August), or on asOf if sooner. Read
 * in the same statement, so the LLE figures need no second round trip.
 */
const SELECTION_YEARS = `
  SELECT academic_year, LEAST(make_date(split_part(academic_year, '/', 1)::integer + 1, 8, 31), $5::date) AS on_date
    FROM (SELECT d.academic_year FROM dashboard_rows d WHERE ${FILTERED('d')}
          UNION SELECT r.academic_year FROM dashboard_requests r
                 WHERE ${FILTERED('r')} AND r.requested_on <= $5::date
                   AND (r.decided_on IS NULL OR r.decided_on > $5::date)
          UNION SELECT COALESCE($4::text, $6::text)) y`;

/**
 * Reads the deployment dashboard (projection `deployment_dashboard`): rows per alliance, local authority,
 * phase and academic year with their totals, and the placements, requests and LLEs behind each figure.
 */
export class DeploymentDashboardQuery {
  constructor(private readonly db: Queryable) {}

  async dashboard(filter: DeploymentFilter): Promise<DeploymentDashboard> {
    const params = filterParams(filter);
    const [placementRows, deployedRows, requestRows, reasonRows, lleRows] = await Promise.all([
      // The sums the projection keeps per row, added up again for the selection.
      this.db.query<PlacementFiguresRow[]>(
        `SELECT ${KEY_COLUMNS('d')},
                COALESCE(sum(d.placements), 0)::integer AS placements,
                COALESCE(sum(d.in_progress), 0)::integer AS in_progress,
                COALESCE(sum(d.completed), 0)::integer AS completed,
                COALESCE(sum(d.ended_early), 0)::integer AS ended_early,
                COALESCE(sum(d.over_guideline), 0)::integer AS over_guideline,
                COALESCE(sum(d.half_days_agreed), 0)::integer AS agreed,
                COALESCE(sum(d.half_days_delivered), 0)::integer AS delivered,
                COALESCE(sum(d.half_days_transferred), 0)::integer AS transferred,
                COALESCE(sum(d.half_days_remaining), 0)::integer AS remaining
           FROM dashboard_rows d
          WHERE ${FILTERED('d')}
          ${BY_ROW('d')}`,
        params,
      ),
      // An LLE in progress in several rows counts once in the total: counted from the placements themselves.
      this.db.query<Array<KeyRow & { lles_deployed: number }>>(
        `SELECT ${KEY_COLUMNS('y')}, count(DISTINCT y.lle_id)::integer AS lles_deployed
           FROM dashboard_placement_years y
          WHERE ${FILTERED('y')} AND y.placement_year AND y.status = 'in_progress'
          ${BY_ROW('y')}`,
        params,
      ),
      this.db.query<RequestFiguresRow[]>(
        `SELECT ${KEY_COLUMNS('r')}, count(*)::integer AS waiting,
                COALESCE(sum($5::date - r.requested_on), 0)::integer AS waiting_days,
                COALESCE(max($5::date - r.requested_on), 0)::integer AS longest
           FROM dashboard_requests r
          WHERE ${FILTERED('r')} AND r.requested_on <= $5::date AND (r.decided_on IS NULL OR r.decided_on > $5::date)
          ${BY_ROW('r')}`,
        [...params, filter.asOf],
      ),
      this.db.query<ReasonRow[]>(
        `SELECT ${KEY_COLUMNS('y')}, y.override_reason AS reason, count(*)::integer AS placements
           FROM dashboard_placement_years y
          WHERE ${FILTERED('y')} AND y.over_guideline
          GROUP BY GROUPING SETS ((y.alliance, y.la_code, y.phase, y.academic_year, y.override_reason),
                                  (y.override_reason))
          ORDER BY count(*) DESC, y.override_reason`,
        params,
      ),
      this.db.query<LleFiguresRow[]>(
        `${lleStatusOn(SELECTION_YEARS)}
         SELECT c.alliance, c.la_code, max(c.la_name) AS la_name, c.phase, c.academic_year, 0 AS total,
                count(*)::integer AS designated, count(*) FILTER (WHERE c.status = 'active')::integer AS active
           FROM counted c
          WHERE c.status IN ('active', 'suspended')
          GROUP BY c.alliance, c.la_code, c.phase, c.academic_year
         UNION ALL
         -- The selection's: each LLE once, active when active in any of its years.
         SELECT NULL, NULL, NULL, NULL, NULL, 1, count(*)::integer, count(*) FILTER (WHERE e.active)::integer
           FROM (SELECT c.lle_id, bool_or(c.status = 'active') AS active FROM counted c
                  WHERE c.status IN ('active', 'suspended') GROUP BY c.lle_id) e`,
        [...params, filter.asOf, academicYearOf(filter.asOf).label],
      ),
    ]);
    const rows = new Map<string, DeploymentRow>();
    let totals: DeploymentFigures = emptyDeploymentDashboard(filter.asOf).totals;
    const merge = (key: KeyRow, figures: Partial<DeploymentFigures>): void => {
      if (key.total) {
        totals = { ...totals, ...figures };
        return;
      }
      const id = rowId(key);
      const row = rows.get(id) ?? {
        alliance: key.alliance,
        laCode: key.la_code,
        laName: key.la_name,
        phase: key.phase,
        academicYear: key.academic_year,
        ...ZERO,
        overrideReasons: [],
      };
      rows.set(id, { ...row, laName: row.laName ?? key.la_name, ...figures });
    };
    for (const r of placementRows) {
      merge(r, {
        placements: r.placements,
        placementsInProgress: r.in_progress,
        placementsCompleted: r.completed,
        placementsEndedEarly: r.ended_early,
        placementsOverGuideline: r.over_guideline,
        halfDaysAgreed: r.agreed,
        halfDaysDelivered: r.delivered,
        halfDaysTransferred: r.transferred,
        halfDaysRemaining: r.remaining,
      });
    }
    for (const r of deployedRows) merge(r, { llesDeployed: r.lles_deployed });
    for (const r of requestRows) {
      merge(r, {
        requestsWaiting: r.waiting,
        waitingDaysTotal: r.waiting_days,
        waitingDaysLongest: r.longest,
      });
    }
    for (const r of lleRows) merge(r, { llesDesignated: r.designated, llesActive: r.active });
    // Reasons: the rows' own, and the selection's; the grand-total grouping has no key columns.
    const reasons = new Map<string, OverrideReason[]>();
    const totalReasons: OverrideReason[] = [];
    for (const r of reasonRows) {
      const reason = { reason: r.reason ?? '(no reason recorded)', placements: r.placements };
      if (r.alliance === null) totalReasons.push(reason);
      else reasons.set(rowId(r), [...(reasons.get(rowId(r)) ?? []), reason]);
    }
    return {
      asOf: filter.asOf,
      rows: [...rows.values()]
        .map((row) => ({ ...row, overrideReasons: reasons.get(rowId(rowKeyOf(row))) ?? [] }))
        .sort(byRow),
      totals: { ...totals, overrideReasons: totalReasons },
    };
  }

  /**
   * The placements behind a figure of the rows the filter selects, with their part in it, by start date (then
   * placement and academic year): one page of them, and the cursor of the next. The figure's total is the
   * dashboard row's; a row may hold thousands of placements, so a page is read by the index on (start date,
   * placement) from where the last one ended, never counting or sorting the rest.
   */
  async placements(
    filter: DeploymentFilter,
    figure?: PlacementFigure,
    page: PageRequest = {},
  ): Promise<DeploymentPlacementPage> {
    const limit = pageLimit(page.limit);
    const after = page.after === undefined ? null : placementCursorOf(page.after);
    if (page.after !== undefined && after === null) throw new Error(`Not a placement cursor: ${page.after}`);
    const params = [
      ...filterParams(filter),
      limit + 1,
      ...(after ? [after.startDate, after.placementId, after.academicYear] : []),
    ];
    // The row comparison on the placement alone is what the index can start from; the second, with the
    // academic year, is exact.
    const from = after
      ? `AND (p.start_date, p.placement_id) >= ($6::date, $7::text)
         AND (p.start_date, p.placement_id, y.academic_year) > ($6::date, $7::text, $8::text)`
      : '';
    const rows = await this.db.query<Array<KeyRow & PlacementRow>>(
      `SELECT page.*, s.name AS recipient_name
         FROM (SELECT y.placement_id, y.academic_year, y.alliance, y.la_code, y.la_name, y.phase, y.lle_id, y.status,
                      y.half_days_agreed, y.half_days_delivered, y.half_days_transferred, y.half_days_remaining,
                      y.over_guideline, p.request_id, p.recipient_urn, p.academic_year AS placement_academic_year,
                      p.start_date AS starts, to_char(p.start_date, 'YYYY-MM-DD') AS start_date,
                      to_char(p.end_point_date, 'YYYY-MM-DD') AS end_point_date,
                      to_char(p.ended_on, 'YYYY-MM-DD') AS ended_on, p.guideline_override_reason, p.day_rate_pence
                 FROM dashboard_placement_years y
                 JOIN dashboard_placements p ON p.placement_id = y.placement_id
                WHERE ${FILTERED('y')} AND ${FIGURE_SQL[figure ?? 'all']} ${from}
                ORDER BY p.start_date, p.placement_id, y.academic_year
                LIMIT $5) page
         LEFT JOIN schools s ON s.urn = page.recipient_urn
        ORDER BY page.starts, page.placement_id, page.academic_year`,
      params,
    );
    const placements = rows.slice(0, limit).map((row) => ({
      ...keyOf(row),
      placementId: row.placement_id,
      requestId: row.request_id,
      lleId: row.lle_id,
      recipientUrn: row.recipient_urn,
      recipientName: row.recipient_name,
      status: row.status,
      placementAcademicYear: row.placement_academic_year,
      startDate: row.start_date,
      endPointDate: row.end_point_date,
      endedOn: row.ended_on,
      halfDaysAgreed: row.half_days_agreed,
      halfDaysDelivered: row.half_days_delivered,
      halfDaysTransferred: row.half_days_transferred,
      halfDaysRemaining: row.half_days_remaining,
      overGuideline: row.over_guideline,
      guidelineOverrideReason: row.guideline_override_reason,
      dayRatePence: row.day_rate_pence,
    }));
    const last = placements.at(-1);
    return { placements, next: rows.length > limit && last ? placementCursor(last) : null };
  }

  /** Every placement behind the figure, page after page (an export: the largest pages, in order). */
  async everyPlacement(filter: DeploymentFilter, figure?: PlacementFigure): Promise<DeploymentPlacement[]> {
    const all: DeploymentPlacement[] = [];
    let after: string | undefined;
    do {
      const page = await this.placements(filter, figure, { limit: PAGE_LIMITS.max, after });
      all.push(...page.placements);
      after = page.next ?? undefined;
    } while (after !== undefined);
    return all;
  }

  /** The requests behind `requestsWaiting`: waiting on `asOf`, longest waiting first. */
  async waitingRequests(filter: DeploymentFilter): Promise<WaitingRequest[]> {
    const rows = await this.db.query<
      Array<
        KeyRow & { request_id: string; recipient_urn: number; recipient_name: string | null } & {
          requested_on: LocalDate;
          waiting_days: number;
        }
      >
    >(
      `SELECT r.request_id, r.alliance, r.la_code, r.la_name, r.phase, r.academic_year, r.recipient_urn,
              s.name AS recipient_name, to_char(r.requested_on, 'YYYY-MM-DD') AS requested_on,
              ($5::date - r.requested_on)::integer AS waiting_days
         FROM dashboard_requests r
         LEFT JOIN schools s ON s.urn = r.recipient_urn
        WHERE ${FILTERED('r')} AND r.requested_on <= $5::date AND (r.decided_on IS NULL OR r.decided_on > $5::date)
        ORDER BY r.requested_on, r.request_id`,
      [...filterParams(filter), filter.asOf],
    );
    return rows.map((row) => ({
      ...keyOf(row),
      requestId: row.request_id,
      recipientUrn: row.recipient_urn,
      recipientName: row.recipient_name,
      requestedOn: row.requested_on,
      waitingDays: row.waiting_days,
    }));
  }

  /** The LLEs behind `llesDesignated` or `llesActive` in each academic year the filter selects. */
  async lles(filter: DeploymentFilter, figure: LleFigure): Promise<DashboardLle[]> {
    const years = filter.academicYear ? [filter.academicYear] : await this.years(filter);
    const [yearLabels, countedOn] = countingDates(years, filter.asOf);
    const rows = await this.db.query<
      Array<
        KeyRow & {
          lle_id: string;
          school_urn: number;
          status: 'active' | 'suspended';
          designated_from: string;
        }
      >
    >(
      `${lleStatusOn(GIVEN_YEARS)}
       SELECT c.lle_id, c.alliance, c.school_urn, c.la_code, c.la_name, c.phase, c.academic_year, c.status,
              c.designated_from
         FROM counted c
        WHERE c.status IN ('active', ${figure === 'llesActive' ? "'active'" : "'suspended'"})
        ORDER BY c.academic_year, c.alliance, c.la_code, c.lle_id`,
      [...filterParams(filter).slice(0, 3), yearLabels, countedOn],
    );
    return rows.map((row) => ({
      ...keyOf(row),
      lleId: row.lle_id,
      schoolUrn: row.school_urn,
      status: row.status,
      designatedFrom: row.designated_from,
    }));
  }

  /** Each LLE's load per academic year against their capacity, filtered by the LLE's alliance, LA and phase. */
  async lleLoads(filter: DeploymentFilter): Promise<LleCapacityLoad[]> {
    const rows = await this.db.query<
      Array<{
        lle_id: string;
        alliance: AllianceCode;
        school_urn: number;
        la_code: string | null;
        la_name: string | null;
        phase: string | null;
        academic_year: string;
        capacity: number;
        placements: number;
        in_progress: number;
        agreed: number;
        delivered: number;
        remaining: number;
      }>
    >(
      `SELECT l.lle_id, l.alliance, l.school_urn, l.la_code, l.la_name, l.phase, d.academic_year,
              d.capacity_half_days AS capacity, d.placements, d.in_progress, d.half_days_agreed AS agreed,
              d.half_days_delivered AS delivered, d.half_days_remaining AS remaining
         FROM dashboard_lle_loads d
         JOIN dashboard_lles l ON l.lle_id = d.lle_id
        WHERE ${FILTERED('l', 'd.academic_year')}
        ORDER BY d.academic_year, l.alliance, l.lle_id`,
      filterParams(filter),
    );
    return rows.map((row) => ({
      lleId: row.lle_id,
      alliance: row.alliance,
      schoolUrn: row.school_urn,
      laCode: row.la_code,
      laName: row.la_name,
      phase: row.phase,
      academicYear: row.academic_year,
      capacityHalfDays: row.capacity,
      placements: row.placements,
      placementsInProgress: row.in_progress,
      halfDaysAgreed: row.agreed,
      halfDaysDelivered: row.delivered,
      halfDaysRemaining: row.remaining,
      loadPercent: row.capacity > 0 ? Math.round((row.agreed * 100) / row.capacity) : 0,
    }));
  }

  /** The academic years with placements or requests in the selection. */
  private async years(filter: DeploymentFilter): Promise<string[]> {
    const rows = await this.db.query<Array<{ academic_year: string }>>(
      `SELECT academic_year FROM dashboard_placement_years y WHERE ${FILTERED('y')}
       UNION SELECT academic_year FROM dashboard_requests r WHERE ${FILTERED('r')}`,
      filterParams(filter),
    );
    return [...new Set([...rows.map((row) => row.academic_year), academicYearOf(filter.asOf).label])];
  }
}

interface PlacementRow {
  placement_id: string;
  request_id: string;
  lle_id: string;
  status: PlacementStatus;
  half_days_agreed: number;
  half_days_delivered: number;
  half_days_transferred: number;
  half_days_remaining: number;
  over_guideline: boolean;
  recipient_urn: number;
  recipient_name: string | null;
  placement_academic_year: string;
  start_date: LocalDate;
  end_point_date: LocalDate;
  ended_on: LocalDate | null;
  guideline_override_reason: string | null;
  day_rate_pence: number;
}

/** Which placement-year rows make up each figure (`all`: every row of the selection). */
const FIGURE_SQL: Record<PlacementFigure | 'all', string> = {
  all: 'true',
  placements: 'y.placement_year',
  placementsInProgress: "y.placement_year AND y.status = 'in_progress'",
  placementsCompleted: "y.placement_year AND y.status = 'completed'",
  placementsEndedEarly: "y.placement_year AND y.status = 'ended_early'",
  placementsOverGuideline: 'y.over_guideline',
  llesDeployed: "y.placement_year AND y.status = 'in_progress'",
  halfDaysAgreed: 'y.half_days_agreed > 0',
  halfDaysDelivered: 'y.half_days_delivered > 0',
  halfDaysTransferred: 'y.half_days_transferred > 0',
  halfDaysRemaining: 'y.half_days_remaining > 0',
};

function filterParams(filter: DeploymentFilter): Array<string | null> {
  return [filter.alliance ?? null, filter.laCode ?? null, filter.phase ?? null, filter.academicYear ?? null];
}

/** Each year with the date its LLEs are counted on: its last day, or asOf when that comes first. */
function countingDates(years: readonly string[], asOf: LocalDate): [string[], LocalDate[]] {
  const sorted = [...years].sort();
  return [
    sorted,
    sorted.map((label) => {
      const { endsOn } = academicYearOf(`${label.slice(0, 4)}-09-01`);
      return endsOn < asOf ? endsOn : asOf;
    }),
  ];
}

function keyOf(row: KeyRow): DeploymentRowKey {
  return {
    alliance: row.alliance,
    laCode: row.la_code,
    laName: row.la_name,
    phase: row.phase,
    academicYear: row.academic_year,
  };
}

function rowKeyOf(row: DeploymentRowKey): KeyRow {
  return {
    alliance: row.alliance,
    la_code: row.laCode,
    la_name: row.laName,
    phase: row.phase,
    academic_year: row.academicYear,
    total: 0,
  };
}

function rowId(key: KeyRow): string {
  return JSON.stringify([key.alliance, key.la_code, key.phase, key.academic_year]);
}

function byRow(a: DeploymentRow, b: DeploymentRow): number {
  return (
    a.academicYear.localeCompare(b.academicYear) ||
    a.alliance.localeCompare(b.alliance) ||
    (a.laName ?? '').localeCompare(b.laName ?? '') ||
    (a.phase ?? '').localeCompare(b.phase ?? '')
  );
}
