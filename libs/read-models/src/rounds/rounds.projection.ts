import { assertNever, type RoundEvent } from '@lle/domain';
import type { Projection } from '@lle/projections';

/**
 * Application rounds, one row each, as their events left them (table `rounds`, migration
 * 1764235000000-rounds-read-model). Every write is guarded by `last_position`, so an event applied twice,
 * or an older one after a newer one, changes nothing. Like `evolveRound`, it ignores amendments and a second
 * early closing once a round has closed early.
 */
export const roundsProjection: Projection<RoundEvent> = {
  name: 'rounds',
  handles: ['RoundScheduled', 'RoundDatesAmended', 'RoundClosedEarly'],
  tables: ['rounds'],

  async apply(event, db) {
    const position = event.position.toString();
    switch (event.type) {
      case 'RoundScheduled': {
        const { roundId, alliance, opensOn, closesOn, decisionsBy, inductionDates } = event.data;
        await db.query(
          `INSERT INTO rounds AS r (round_id, alliance, opens_on, closes_on, decisions_by, induction_dates,
                                    scheduled_at, updated_at, stream_revision, last_position)
           VALUES ($1, $2, $3, $4, $5, $6::date[], $7, $7, $8, $9)
           ON CONFLICT (round_id) DO UPDATE
              SET alliance = EXCLUDED.alliance, opens_on = EXCLUDED.opens_on, closes_on = EXCLUDED.closes_on,
                  decisions_by = EXCLUDED.decisions_by, induction_dates = EXCLUDED.induction_dates,
                  closed_early_on = NULL, close_reason = NULL, scheduled_at = EXCLUDED.scheduled_at,
                  updated_at = EXCLUDED.updated_at, stream_revision = EXCLUDED.stream_revision,
                  last_position = EXCLUDED.last_position
            WHERE r.last_position < EXCLUDED.last_position`,
          [
            roundId,
            alliance,
            opensOn,
            closesOn,
            decisionsBy,
            [...inductionDates],
            event.recordedAt,
            event.revision,
            position,
          ],
        );
        return;
      }
      case 'RoundDatesAmended': {
        const { roundId, opensOn, closesOn, decisionsBy, inductionDates } = event.data;
        await db.query(
          `UPDATE rounds
              SET opens_on = $2, closes_on = $3, decisions_by = $4, induction_dates = $5::date[],
                  updated_at = $6, stream_revision = $7, last_position = $8
            WHERE round_id = $1 AND last_position < $8 AND closed_early_on IS NULL`,
          [
            roundId,
            opensOn,
            closesOn,
            decisionsBy,
            [...inductionDates],
            event.recordedAt,
            event.revision,
            position,
          ],
        );
        return;
      }
      case 'RoundClosedEarly': {
        const { roundId, closedOn, reason } = event.data;
        await db.query(
          `UPDATE rounds
              SET closed_early_on = $2, close_reason = $3, updated_at = $4, stream_revision = $5, last_position = $6
            WHERE round_id = $1 AND last_position < $6 AND closed_early_on IS NULL`,
          [roundId, closedOn, reason, event.recordedAt, event.revision, position],
        );
        return;
      }
      default:
        return assertNever(event);
    }
  },
};
