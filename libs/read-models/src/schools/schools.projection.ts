import { assertNever, type SchoolEvent } from '@lle/domain';
import type { Projection } from '@lle/projections';

/** Schools, one row per URN, as the GIAS imports recorded them (table `schools`). */
export const schoolsProjection: Projection<SchoolEvent> = {
  name: 'schools',
  handles: ['SchoolRecorded', 'SchoolRecordChanged'],
  tables: ['schools'],

  async apply(event, db) {
    const { urn, name, laCode, laName, phase, status } = event.data;
    const position = event.position.toString();
    switch (event.type) {
      case 'SchoolRecorded':
      case 'SchoolRecordChanged':
        // Both carry the whole record; the first one seen also sets when the school was first recorded.
        await db.query(
          `INSERT INTO schools AS s (urn, name, la_code, la_name, phase, status, recorded_at, updated_at,
                                     stream_revision, last_position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)
           ON CONFLICT (urn) DO UPDATE
              SET name = EXCLUDED.name, la_code = EXCLUDED.la_code, la_name = EXCLUDED.la_name,
                  phase = EXCLUDED.phase, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at,
                  stream_revision = EXCLUDED.stream_revision, last_position = EXCLUDED.last_position,
                  recorded_at = CASE WHEN $10 THEN EXCLUDED.recorded_at ELSE s.recorded_at END
            WHERE s.last_position < EXCLUDED.last_position`,
          [
            urn,
            name,
            laCode,
            laName,
            phase,
            status,
            event.recordedAt,
            event.revision,
            position,
            event.revision === 0,
          ],
        );
        return;
      default:
        return assertNever(event);
    }
  },
};
