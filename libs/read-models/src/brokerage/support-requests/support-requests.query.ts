import { dateInEngland, type AllianceCode, type LocalDate, type RequestingBody } from '@lle/domain';
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

export const SUPPORT_REQUEST_STATUSES = ['waiting', 'brokered', 'declined', 'withdrawn'] as const;
export type SupportRequestStatus = (typeof SUPPORT_REQUEST_STATUSES)[number];

/** One request for support in its alliance's queue. People are person ids or token subjects. */
export interface SupportRequestView {
  readonly requestId: string;
  readonly alliance: AllianceCode;
  /** The recipient, named from the schools read model (null fields when the school is not known). */
  readonly recipient: SchoolRef;
  /** Who asks and pays. */
  readonly requestingBody: RequestingBody;
  /** The school's or local authority's name from the schools read model, or the diocese; null if unknown. */
  readonly requestingBodyName: string | null;
  /** What the recipient needs, as given (the edge may have sealed it). */
  readonly need: string;
  readonly phase: string;
  readonly preferredStart: LocalDate;
  readonly halfDaysHopedFor: number;
  readonly status: SupportRequestStatus;
  readonly requestedOn: LocalDate;
  /** When the store recorded the request. */
  readonly requestedAt: Date;
  /** Who recorded it (the subject of their token), when the metadata says. */
  readonly requestedBy: string | null;
  /**
   * Whole days it has waited: from the day requested to today in England while waiting, to the day decided
   * once brokered, declined or withdrawn.
   */
  readonly waitingDays: number;
  readonly decidedOn: LocalDate | null;
  readonly decidedAt: Date | null;
  readonly decidedBy: string | null;
  /** Why it was declined, or withdrawn (when a reason was given); null otherwise. */
  readonly reason: string | null;
  /** The placement that met it, and its LLE (a person id), once brokered. */
  readonly placementId: string | null;
  readonly lleId: string | null;
  readonly updatedAt: Date;
  /** The request stream's revision. */
  readonly revision: number;
  /** A bigint: convert it before JSON. */
  readonly position: GlobalPosition;
}

export interface SupportRequestFilter {
  readonly alliance?: string;
  readonly status?: SupportRequestStatus;
  readonly recipientUrn?: number;
}

interface SupportRequestRow extends RequestingBodyColumns, SchoolColumns {
  request_id: string;
  alliance: AllianceCode;
  recipient_urn: number;
  requesting_body_name: string | null;
  need: string;
  phase: string;
  preferred_start: LocalDate;
  half_days_hoped_for: number;
  status: SupportRequestStatus;
  requested_on: LocalDate;
  requested_at: Date;
  requested_by: string | null;
  waiting_days: number;
  decided_on: LocalDate | null;
  decided_at: Date | null;
  decided_by: string | null;
  reason: string | null;
  placement_id: string | null;
  lle_id: string | null;
  updated_at: Date;
  stream_revision: number;
  last_position: string;
}

// Dates as text, so the driver does not turn them into Dates at the server's midnight. $1: today in England.
const SELECT = `
  SELECT r.request_id, r.alliance, r.recipient_urn, ${schoolColumnsSql('s')},
         r.requesting_body_kind, r.requesting_body_urn, r.requesting_body_la_code, r.requesting_body_diocese,
         ${requestingBodyNameSql('r')} AS requesting_body_name,
         r.need, r.phase, to_char(r.preferred_start, 'YYYY-MM-DD') AS preferred_start, r.half_days_hoped_for,
         r.status, to_char(r.requested_on, 'YYYY-MM-DD') AS requested_on, r.requested_at, r.requested_by,
         GREATEST(0, COALESCE(r.decided_on, $1::date) - r.requested_on) AS waiting_days,
         to_char(r.decided_on, 'YYYY-MM-DD') AS decided_on, r.decided_at, r.decided_by, r.reason,
         r.placement_id, r.lle_id, r.updated_at, r.stream_revision, r.last_position
    FROM support_requests r
    LEFT JOIN schools s ON s.urn = r.recipient_urn`;

/** Reads the requests for support (projection `support_requests`), naming schools from `schools`. */
export class SupportRequestsQuery {
  constructor(
    private readonly db: Queryable,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The requests matching every filter given, oldest first (the queue's order). */
  async list(filter: SupportRequestFilter = {}): Promise<SupportRequestView[]> {
    const rows = await this.db.query<SupportRequestRow[]>(
      `${SELECT}
        WHERE ($2::text IS NULL OR r.alliance = $2) AND ($3::text IS NULL OR r.status = $3)
          AND ($4::integer IS NULL OR r.recipient_urn = $4)
        ORDER BY r.requested_on, r.requested_at, r.request_id`,
      [this.today(), filter.alliance ?? null, filter.status ?? null, filter.recipientUrn ?? null],
    );
    return rows.map(toView);
  }

  /** The request, or undefined when there is none with that id. */
  async get(requestId: string): Promise<SupportRequestView | undefined> {
    const [row] = await this.db.query<SupportRequestRow[]>(`${SELECT} WHERE r.request_id = $2`, [
      this.today(),
      requestId,
    ]);
    return row && toView(row);
  }

  private today(): LocalDate {
    return dateInEngland(this.now());
  }
}

function toView(row: SupportRequestRow): SupportRequestView {
  return {
    requestId: row.request_id,
    alliance: row.alliance,
    recipient: schoolRefOf(row.recipient_urn, row),
    requestingBody: requestingBodyOf(row),
    requestingBodyName: row.requesting_body_name,
    need: row.need,
    phase: row.phase,
    preferredStart: row.preferred_start,
    halfDaysHopedFor: row.half_days_hoped_for,
    status: row.status,
    requestedOn: row.requested_on,
    requestedAt: row.requested_at,
    requestedBy: row.requested_by,
    waitingDays: row.waiting_days,
    decidedOn: row.decided_on,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    reason: row.reason,
    placementId: row.placement_id,
    lleId: row.lle_id,
    updatedAt: row.updated_at,
    revision: Number(row.stream_revision),
    position: BigInt(row.last_position),
  };
}
