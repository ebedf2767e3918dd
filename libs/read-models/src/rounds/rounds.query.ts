import { dateInEngland, roundPhaseOn, type AllianceCode, type LocalDate, type RoundPhase } from '@lle/domain';
import type { GlobalPosition } from '@lle/event-store';
import type { Queryable } from '@lle/projections';

/** One application round as the read model holds it, with its phase today in England. */
export interface RoundView {
  readonly roundId: string;
  readonly alliance: AllianceCode;
  readonly opensOn: LocalDate;
  readonly closesOn: LocalDate;
  readonly decisionsBy: LocalDate;
  /** In date order; empty while the induction dates are still to be confirmed. */
  readonly inductionDates: readonly LocalDate[];
  readonly closedEarlyOn: LocalDate | null;
  readonly closeReason: string | null;
  readonly phase: RoundPhase;
  /** When the store recorded the round's first and latest events. */
  readonly scheduledAt: Date;
  readonly updatedAt: Date;
  /** The round stream's revision (for an ETag or an expected revision). */
  readonly revision: number;
  /** The global position of the latest event reflected. A bigint: convert it before JSON. */
  readonly position: GlobalPosition;
}

export interface RoundRow {
  round_id: string;
  alliance: string;
  opens_on: string;
  closes_on: string;
  decisions_by: string;
  induction_dates: string[];
  closed_early_on: string | null;
  close_reason: string | null;
  scheduled_at: Date;
  updated_at: Date;
  stream_revision: number;
  last_position: string;
}

// Dates as text, so the driver does not turn them into Dates at the server's midnight.
const SELECT = `
  SELECT round_id, alliance,
         to_char(opens_on, 'YYYY-MM-DD') AS opens_on,
         to_char(closes_on, 'YYYY-MM-DD') AS closes_on,
         to_char(decisions_by, 'YYYY-MM-DD') AS decisions_by,
         ARRAY(SELECT to_char(d, 'YYYY-MM-DD') FROM unnest(induction_dates) AS d ORDER BY d) AS induction_dates,
         to_char(closed_early_on, 'YYYY-MM-DD') AS closed_early_on,
         close_reason, scheduled_at, updated_at, stream_revision, last_position
    FROM rounds`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the application rounds read model (projection `rounds`). */
export class RoundsQuery {
  constructor(
    private readonly db: Queryable,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Every round, or one alliance's, in the order they open. */
  async list(filter: { readonly alliance?: string } = {}): Promise<RoundView[]> {
    const rows = await this.db.query<RoundRow[]>(
      `${SELECT} WHERE ($1::text IS NULL OR alliance = $1) ORDER BY opens_on, round_id`,
      [filter.alliance ?? null],
    );
    const today = dateInEngland(this.now());
    return rows.map((row) => toRoundView(row, today));
  }

  /** The round, or undefined when there is none with that id. */
  async get(roundId: string): Promise<RoundView | undefined> {
    if (!UUID.test(roundId)) return undefined;
    const [row] = await this.db.query<RoundRow[]>(`${SELECT} WHERE round_id = $1`, [roundId]);
    return row ? toRoundView(row, dateInEngland(this.now())) : undefined;
  }
}

export function toRoundView(row: RoundRow, today: LocalDate): RoundView {
  const dates = { opensOn: row.opens_on, closesOn: row.closes_on };
  return {
    roundId: row.round_id,
    alliance: row.alliance as AllianceCode,
    opensOn: row.opens_on,
    closesOn: row.closes_on,
    decisionsBy: row.decisions_by,
    inductionDates: row.induction_dates,
    closedEarlyOn: row.closed_early_on,
    closeReason: row.close_reason,
    phase: roundPhaseOn(dates, row.closed_early_on ?? undefined, today),
    scheduledAt: row.scheduled_at,
    updatedAt: row.updated_at,
    revision: Number(row.stream_revision),
    position: BigInt(row.last_position),
  };
}
