import type { AllianceCode, EndPoint, LocalDate, RequestingBody } from '@lle/domain';
import type { Queryable } from '@lle/projections';
import type { SchoolRef } from '../brokerage-columns';
import {
  PLACEMENT_SELECT,
  toPlacementView,
  type ImpactSummary,
  type PlacementRow,
  type PlacementStatus,
} from '../placements/placements.query';
import type { SupportRequestStatus } from '../support-requests/support-requests.query';

/** A placement the school received, in half-days. */
export interface RecipientPlacement {
  readonly placementId: string;
  readonly alliance: AllianceCode;
  readonly academicYear: string;
  /** The LLE's person id, and the school they lead. */
  readonly lleId: string;
  readonly lleSchoolUrn: number;
  readonly requestingBody: RequestingBody;
  readonly requestingBodyName: string | null;
  readonly startDate: LocalDate;
  readonly endPoint: EndPoint;
  readonly status: PlacementStatus;
  readonly endedOn: LocalDate | null;
  readonly endReason: string | null;
  readonly halfDaysAgreed: number;
  readonly halfDaysDelivered: number;
  readonly halfDaysTransferred: number;
  readonly halfDaysRemaining: number;
  readonly impact: ImpactSummary | null;
}

/** The school's placements in one academic year (of their start), in half-days. */
export interface RecipientYear {
  readonly academicYear: string;
  readonly placements: number;
  readonly halfDaysAgreed: number;
  readonly halfDaysDelivered: number;
}

/** A request made for the school, whatever became of it. */
export interface RecipientRequest {
  readonly requestId: string;
  readonly alliance: AllianceCode;
  readonly status: SupportRequestStatus;
  readonly requestedOn: LocalDate;
  readonly halfDaysHopedFor: number;
  readonly decidedOn: LocalDate | null;
  /** Why it was declined, or withdrawn (when a reason was given). */
  readonly reason: string | null;
  readonly placementId: string | null;
}

export interface RecipientSupportHistory {
  /** Named from the schools read model (null fields when the school is not known). */
  readonly recipient: SchoolRef;
  /** Oldest first. */
  readonly years: readonly RecipientYear[];
  /** By start date. */
  readonly placements: readonly RecipientPlacement[];
  /** In the order they were made. */
  readonly requests: readonly RecipientRequest[];
}

interface RequestRow {
  request_id: string;
  alliance: AllianceCode;
  status: SupportRequestStatus;
  requested_on: LocalDate;
  half_days_hoped_for: number;
  decided_on: LocalDate | null;
  reason: string | null;
  placement_id: string | null;
}

/**
 * A recipient school's support history over the years: its placements (projection `placements`, seen by
 * recipient) and the requests made for it (projection `support_requests`). No table of its own: the days
 * and statuses are the placements' own rows, so the two views can never disagree.
 */
export class RecipientSupportQuery {
  constructor(private readonly db: Queryable) {}

  /** Everything on record for the school; with `alliance`, only what that alliance brokered or queued. */
  async history(urn: number, filter: { readonly alliance?: string } = {}): Promise<RecipientSupportHistory> {
    const alliance = filter.alliance ?? null;
    const [rows, requests, schools] = await Promise.all([
      this.db.query<PlacementRow[]>(
        `${PLACEMENT_SELECT}
          WHERE p.recipient_urn = $1 AND ($2::text IS NULL OR p.alliance = $2)
          ORDER BY p.start_date, p.placement_id`,
        [urn, alliance],
      ),
      this.db.query<RequestRow[]>(
        `SELECT request_id, alliance, status, to_char(requested_on, 'YYYY-MM-DD') AS requested_on,
                half_days_hoped_for, to_char(decided_on, 'YYYY-MM-DD') AS decided_on, reason, placement_id
           FROM support_requests
          WHERE recipient_urn = $1 AND ($2::text IS NULL OR alliance = $2)
          ORDER BY requested_on, requested_at, request_id`,
        [urn, alliance],
      ),
      this.db.query<Array<{ name: string; la_code: string; la_name: string; phase: string }>>(
        `SELECT name, la_code, la_name, phase FROM schools WHERE urn = $1`,
        [urn],
      ),
    ]);
    const school = schools[0];
    const placements = rows.map(toPlacementView).map((p): RecipientPlacement => ({
      placementId: p.placementId,
      alliance: p.alliance,
      academicYear: p.academicYear,
      lleId: p.lleId,
      lleSchoolUrn: p.lleSchoolUrn,
      requestingBody: p.requestingBody,
      requestingBodyName: p.requestingBodyName,
      startDate: p.startDate,
      endPoint: p.endPoint,
      status: p.status,
      endedOn: p.endedOn,
      endReason: p.endReason,
      halfDaysAgreed: p.halfDaysAgreed,
      halfDaysDelivered: p.halfDaysDelivered,
      halfDaysTransferred: p.halfDaysTransferred,
      halfDaysRemaining: p.halfDaysRemaining,
      impact: p.impact,
    }));
    return {
      recipient: {
        urn,
        name: school?.name ?? null,
        laCode: school?.la_code ?? null,
        laName: school?.la_name ?? null,
        phase: school?.phase ?? null,
      },
      years: byYear(placements),
      placements,
      requests: requests.map((r) => ({
        requestId: r.request_id,
        alliance: r.alliance,
        status: r.status,
        requestedOn: r.requested_on,
        halfDaysHopedFor: r.half_days_hoped_for,
        decidedOn: r.decided_on,
        reason: r.reason,
        placementId: r.placement_id,
      })),
    };
  }
}

function byYear(placements: readonly RecipientPlacement[]): RecipientYear[] {
  const years = new Map<string, RecipientYear>();
  for (const p of placements) {
    const year = years.get(p.academicYear) ?? {
      academicYear: p.academicYear,
      placements: 0,
      halfDaysAgreed: 0,
      halfDaysDelivered: 0,
    };
    years.set(p.academicYear, {
      academicYear: p.academicYear,
      placements: year.placements + 1,
      halfDaysAgreed: year.halfDaysAgreed + p.halfDaysAgreed,
      halfDaysDelivered: year.halfDaysDelivered + p.halfDaysDelivered,
    });
  }
  return [...years.values()].sort((a, b) => (a.academicYear < b.academicYear ? -1 : 1));
}
