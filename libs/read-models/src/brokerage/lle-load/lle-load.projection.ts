import {
  commitmentOf,
  evolveLLECommitments,
  LLE_COMMITMENTS_EVENT_TYPES,
  type LLECommitmentsEvent,
  type PlacementCommitment,
} from '@lle/domain';
import type { Projection, ProjectedEvent, Queryable } from '@lle/projections';

/**
 * What each LLE has committed per academic year (table `lle_commitments`, migration
 * 1764280000000-brokerage-read-models): one row per placement on the LLE's commitments stream, evolved by
 * the domain's own `evolveLLECommitments`, so the half-days committed are exactly those the capacity rule
 * counts: as brokered, plus what amendments reserved, less what was released, brought down to the days
 * delivered once the placement closed. All of a placement's days count in the academic year of its start.
 *
 * Each row is written guarded by `last_position` (a placement's events are on one stream, in order), and
 * reservations and releases are kept by their keys, so an event applied twice, or an older one after a
 * newer one, changes nothing. The capacity shown is the one applied by the latest decision that added days.
 */
export const lleLoadProjection: Projection<LLECommitmentsEvent> = {
  name: 'lle_load',
  handles: Object.keys(LLE_COMMITMENTS_EVENT_TYPES) as LLECommitmentsEvent['type'][],
  tables: ['lle_commitments'],

  async apply(event, db) {
    const { lleId, placementId } = event.data;
    if (event.type === 'PlacementBrokered') {
      const { requestId, alliance, academicYear, halfDaysAgreed, capacityHalfDays, brokeredOn } = event.data;
      // Brokered once: a second PlacementBrokered for the placement changes nothing (as in evolve).
      await db.query(
        `INSERT INTO lle_commitments (lle_id, placement_id, updated_at, stream_revision, last_position,
                                      request_id, alliance, academic_year, brokered_half_days,
                                      committed_half_days, open, capacity_half_days, capacity_position,
                                      brokered_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, true, $10, $5, $11)
         ON CONFLICT (lle_id, placement_id) DO NOTHING`,
        [
          lleId,
          placementId,
          event.recordedAt,
          event.revision,
          event.position.toString(),
          requestId,
          alliance,
          academicYear,
          halfDaysAgreed,
          capacityHalfDays,
          brokeredOn,
        ],
      );
      return;
    }
    const current = await load(db, lleId, placementId);
    if (!current || current.position >= event.position) return;
    const next = commitmentOf(
      evolveLLECommitments(
        { status: 'committed', lleId, placements: { [placementId]: current.commitment } },
        event,
      ),
      placementId,
    );
    if (next && next !== current.commitment) await save(db, lleId, next, current.commitment, event);
  },
};

interface CommitmentRow {
  placement_id: string;
  request_id: string;
  academic_year: string;
  committed_half_days: number;
  open: boolean;
  reservations: Record<string, number>;
  releases: Record<string, number>;
  last_position: string;
}

async function load(
  db: Queryable,
  lleId: string,
  placementId: string,
): Promise<{ commitment: PlacementCommitment; position: bigint } | undefined> {
  const [row] = await db.query<CommitmentRow[]>(
    `SELECT placement_id, request_id, academic_year, committed_half_days, open, reservations, releases,
            last_position
       FROM lle_commitments WHERE lle_id = $1 AND placement_id = $2`,
    [lleId, placementId],
  );
  if (!row) return undefined;
  return {
    position: BigInt(row.last_position),
    commitment: {
      placementId: row.placement_id,
      requestId: row.request_id,
      academicYear: row.academic_year,
      halfDays: row.committed_half_days,
      open: row.open,
      // Only a repeated BrokerPlacement compares terms; evolve never reads them for the events applied here.
      placementTermsKey: '',
      reservations: row.reservations,
      releases: row.releases,
    },
  };
}

async function save(
  db: Queryable,
  lleId: string,
  next: PlacementCommitment,
  before: PlacementCommitment,
  event: ProjectedEvent<Exclude<LLECommitmentsEvent, { type: 'PlacementBrokered' }>>,
): Promise<void> {
  const closed = event.type === 'PlacementCommitmentClosed' && before.open && !next.open ? event.data : null;
  const capacity = event.type === 'PlacementDaysReserved' ? event.data.capacityHalfDays : null;
  await db.query(
    `UPDATE lle_commitments
        SET committed_half_days = $6, open = $7, reservations = $8::jsonb, releases = $9::jsonb,
            closed_outcome = COALESCE($10, closed_outcome), closed_on = COALESCE($11, closed_on),
            capacity_half_days = COALESCE($12, capacity_half_days),
            capacity_position = CASE WHEN $12::integer IS NULL THEN capacity_position ELSE $5 END,
            updated_at = $3, stream_revision = $4, last_position = $5
      WHERE lle_id = $1 AND placement_id = $2 AND last_position < $5`,
    [
      lleId,
      next.placementId,
      event.recordedAt,
      event.revision,
      event.position.toString(),
      next.halfDays,
      next.open,
      JSON.stringify(next.reservations),
      JSON.stringify(next.releases),
      closed?.outcome ?? null,
      closed?.closedOn ?? null,
      capacity,
    ],
  );
}
