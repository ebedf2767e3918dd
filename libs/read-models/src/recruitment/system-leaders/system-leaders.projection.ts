import { assertNever, type PersonalDataErased, type SystemLeaderEvent } from '@lle/domain';
import type { Projection } from '@lle/projections';

/**
 * The other system leaders (NLEs, SLEs, NLGs), one row per person and role (table `system_leaders`,
 * migration 1764270000000-recruitment-read-models), following `evolveSystemLeader`: recording again starts a
 * new designation, an ending applies only to a designated leader. Writes are guarded by `last_position`.
 * PersonalDataErased marks the person as erased in every role; a role recorded later for a person already
 * marked erased is marked too.
 */
export const systemLeadersProjection: Projection<SystemLeaderEvent | PersonalDataErased> = {
  name: 'system_leaders',
  handles: ['SystemLeaderRecorded', 'SystemLeaderDesignationEnded', 'PersonalDataErased'],
  tables: ['system_leaders'],

  async apply(event, db) {
    const stamp = [event.recordedAt, event.revision, event.position.toString()];
    switch (event.type) {
      case 'SystemLeaderRecorded': {
        const { personId, role, schoolUrn, alliance, designatedOn, recordedOn } = event.data;
        await db.query(
          `INSERT INTO system_leaders AS s (person_id, role, updated_at, stream_revision, last_position, alliance,
                                            school_urn, status, designated_on, recorded_on, ended_on, end_reason,
                                            erased_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'designated', $8, $9, NULL, NULL,
                   (SELECT min(erased_at) FROM system_leaders WHERE person_id = $1))
           ON CONFLICT (person_id, role) DO UPDATE
              SET alliance = EXCLUDED.alliance, school_urn = EXCLUDED.school_urn, status = EXCLUDED.status,
                  designated_on = EXCLUDED.designated_on, recorded_on = EXCLUDED.recorded_on, ended_on = NULL,
                  end_reason = NULL, updated_at = EXCLUDED.updated_at,
                  stream_revision = EXCLUDED.stream_revision, last_position = EXCLUDED.last_position
            WHERE s.last_position < EXCLUDED.last_position`,
          [personId, role, ...stamp, alliance ?? null, schoolUrn, designatedOn, recordedOn],
        );
        return;
      }
      case 'SystemLeaderDesignationEnded': {
        const { personId, role, reason, endedOn } = event.data;
        await db.query(
          `UPDATE system_leaders
              SET status = 'ended', ended_on = $6, end_reason = $7,
                  updated_at = $3, stream_revision = $4, last_position = $5
            WHERE person_id = $1 AND role = $2 AND last_position < $5 AND status = 'designated'`,
          [personId, role, ...stamp, endedOn, reason],
        );
        return;
      }
      case 'PersonalDataErased':
        await db.query(
          `UPDATE system_leaders SET erased_at = $2 WHERE person_id = $1 AND erased_at IS NULL`,
          [event.data.personId, event.recordedAt],
        );
        return;
      default:
        return assertNever(event);
    }
  },
};
