import {
  assertNever,
  LLE_DESIGNATION_EVENT_TYPES,
  type LLEDesignationEvent,
  type LocalDate,
  type PersonalDataErased,
} from '@lle/domain';
import type { Projection, ProjectedEvent, Queryable } from '@lle/projections';

/** What an event did to a designation, as its history shows it. */
export type DesignationAction =
  'designated' | 'suspended' | 'reinstated' | 'ended' | 'assigned_to_cluster' | 'moved_between_clusters';

/**
 * The LLE directory (tables `lle_directory` and `designation_history`, migration
 * 1764270000000-recruitment-read-models): one row per designated LLE, following `evolveLLEDesignation`
 * (a suspension only of an active LLE, a reinstatement only of a suspended one; an ending or a new
 * designation leaves no cluster), each write guarded by `last_position`; and one history row per event of
 * the designation stream, keyed by its position. PersonalDataErased marks the LLE as erased.
 */
export const lleDirectoryProjection: Projection<LLEDesignationEvent | PersonalDataErased> = {
  name: 'lle_directory',
  handles: [
    ...(Object.keys(LLE_DESIGNATION_EVENT_TYPES) as LLEDesignationEvent['type'][]),
    'PersonalDataErased',
  ],
  tables: ['lle_directory', 'designation_history'],

  async apply(event, db) {
    if (event.type === 'PersonalDataErased') {
      await db.query(`UPDATE lle_directory SET erased_at = $2 WHERE lle_id = $1 AND erased_at IS NULL`, [
        event.data.personId,
        event.recordedAt,
      ]);
      return;
    }
    await recordHistory(db, event);
    const { lleId } = event.data;
    const stamp = [event.recordedAt, event.revision, event.position.toString()];
    // $2, $3, $4 below: when the event was recorded, its revision and its position.
    const guarded = `updated_at = $2, stream_revision = $3, last_position = $4
                      WHERE lle_id = $1 AND last_position < $4`;
    switch (event.type) {
      case 'LLEDesignated': {
        const { applicationId, alliance, schoolUrn, from, reviewOn, daysPerAcademicYear, designatedOn } =
          event.data;
        await db.query(
          `INSERT INTO lle_directory AS d (lle_id, updated_at, stream_revision, last_position, application_id,
                                           alliance, school_urn, status, status_since, status_reason,
                                           designated_from, designated_on, review_on, days_per_year, cluster_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, NULL, $8, $9, $10, $11, NULL)
           ON CONFLICT (lle_id) DO UPDATE
              SET application_id = EXCLUDED.application_id, alliance = EXCLUDED.alliance,
                  school_urn = EXCLUDED.school_urn, status = EXCLUDED.status,
                  status_since = EXCLUDED.status_since, status_reason = NULL,
                  designated_from = EXCLUDED.designated_from, designated_on = EXCLUDED.designated_on,
                  review_on = EXCLUDED.review_on, days_per_year = EXCLUDED.days_per_year, cluster_id = NULL,
                  updated_at = EXCLUDED.updated_at, stream_revision = EXCLUDED.stream_revision,
                  last_position = EXCLUDED.last_position
            WHERE d.last_position < EXCLUDED.last_position`,
          [
            lleId,
            ...stamp,
            applicationId,
            alliance,
            schoolUrn,
            from,
            designatedOn,
            reviewOn,
            daysPerAcademicYear,
          ],
        );
        return;
      }
      case 'LLEDesignationSuspended':
        await db.query(
          `UPDATE lle_directory SET status = 'suspended', status_since = $5, status_reason = $6, ${guarded}
              AND status = 'active'`,
          [lleId, ...stamp, event.data.suspendedOn, event.data.reason],
        );
        return;
      case 'LLEDesignationReinstated':
        await db.query(
          `UPDATE lle_directory
              SET status = 'active', status_since = GREATEST($5::date, designated_from), status_reason = NULL,
                  ${guarded} AND status = 'suspended'`,
          [lleId, ...stamp, event.data.reinstatedOn],
        );
        return;
      case 'LLEDesignationEnded':
        await db.query(
          `UPDATE lle_directory
              SET status = 'ended', status_since = $5, status_reason = $6, cluster_id = NULL, ${guarded}
              AND status IN ('active', 'suspended')`,
          [lleId, ...stamp, event.data.endedOn, event.data.reason],
        );
        return;
      case 'LLEAssignedToCluster':
        await db.query(`UPDATE lle_directory SET cluster_id = $5, ${guarded}`, [
          lleId,
          ...stamp,
          event.data.clusterId,
        ]);
        return;
      case 'LLEMovedBetweenClusters':
        await db.query(`UPDATE lle_directory SET cluster_id = $5, ${guarded}`, [
          lleId,
          ...stamp,
          event.data.toClusterId,
        ]);
        return;
      default:
        return assertNever(event);
    }
  },
};

interface HistoryEntry {
  readonly action: DesignationAction;
  readonly on: LocalDate;
  readonly reason: string | null;
  readonly note: string | null;
  readonly clusterId: string | null;
  readonly fromClusterId: string | null;
}

async function recordHistory(db: Queryable, event: ProjectedEvent<LLEDesignationEvent>): Promise<void> {
  const entry = historyEntry(event);
  const { lleId: _, ...details } = event.data;
  await db.query(
    `INSERT INTO designation_history (lle_id, position, event_type, action, effective_on, actor, reason, note,
                                      cluster_id, from_cluster_id, details, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12)
     ON CONFLICT (lle_id, position) DO NOTHING`,
    [
      event.data.lleId,
      event.position.toString(),
      event.type,
      entry.action,
      entry.on,
      event.metadata.actor?.subject ?? null,
      entry.reason,
      entry.note,
      entry.clusterId,
      entry.fromClusterId,
      JSON.stringify(details),
      event.recordedAt,
    ],
  );
}

function historyEntry(event: LLEDesignationEvent): HistoryEntry {
  const none = { reason: null, note: null, clusterId: null, fromClusterId: null };
  switch (event.type) {
    case 'LLEDesignated':
      return { ...none, action: 'designated', on: event.data.designatedOn };
    case 'LLEDesignationSuspended': {
      const { reason, note, suspendedOn } = event.data;
      return { ...none, action: 'suspended', on: suspendedOn, reason, note: note ?? null };
    }
    case 'LLEDesignationReinstated': {
      const { note, reinstatedOn } = event.data;
      return { ...none, action: 'reinstated', on: reinstatedOn, note: note ?? null };
    }
    case 'LLEDesignationEnded': {
      const { reason, note, endedOn } = event.data;
      return { ...none, action: 'ended', on: endedOn, reason, note: note ?? null };
    }
    case 'LLEAssignedToCluster': {
      const { clusterId, assignedOn } = event.data;
      return { ...none, action: 'assigned_to_cluster', on: assignedOn, clusterId };
    }
    case 'LLEMovedBetweenClusters': {
      const { fromClusterId, toClusterId, reason, movedOn } = event.data;
      return {
        ...none,
        action: 'moved_between_clusters',
        on: movedOn,
        reason,
        clusterId: toClusterId,
        fromClusterId,
      };
    }
    default:
      return assertNever(event);
  }
}
