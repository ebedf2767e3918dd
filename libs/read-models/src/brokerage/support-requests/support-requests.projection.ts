import { assertNever, SUPPORT_REQUEST_EVENT_TYPES, type SupportRequestEvent } from '@lle/domain';
import type { Projection } from '@lle/projections';
import { requestingBodyValues } from '../brokerage-columns';

/**
 * Each alliance's queue of requests for support (table `support_requests`, migration
 * 1764280000000-brokerage-read-models): one row per request, following `evolveSupportRequest` (a request is
 * decided once, only while waiting: brokered, declined or withdrawn), each write guarded by `last_position`,
 * so an event applied twice, or an older one after a newer one, changes nothing. The recipient's name is
 * not copied here: it is joined from the schools read model when read.
 */
export const supportRequestsProjection: Projection<SupportRequestEvent> = {
  name: 'support_requests',
  handles: Object.keys(SUPPORT_REQUEST_EVENT_TYPES) as SupportRequestEvent['type'][],
  tables: ['support_requests'],

  async apply(event, db) {
    const { requestId } = event.data;
    const actor = event.metadata.actor?.subject ?? null;
    const stamp = [event.recordedAt, event.revision, event.position.toString()];
    // $2, $3, $4 below: when the event was recorded, its revision and its position; $5 who recorded it.
    const decided = `decided_at = $2, decided_by = $5, updated_at = $2, stream_revision = $3, last_position = $4
                      WHERE request_id = $1 AND last_position < $4 AND status = 'waiting'`;
    switch (event.type) {
      case 'SupportRequested': {
        const { alliance, requestingBody, recipientUrn, need, phase, preferredStart, halfDaysHopedFor } =
          event.data;
        // A request is made once: a second SupportRequested on the stream changes nothing (as in evolve).
        await db.query(
          `INSERT INTO support_requests (request_id, updated_at, stream_revision, last_position, requested_by,
                                         alliance, recipient_urn, requesting_body_kind, requesting_body_urn,
                                         requesting_body_la_code, requesting_body_diocese, need, phase,
                                         preferred_start, half_days_hoped_for, status, requested_on,
                                         requested_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'waiting', $16, $2)
           ON CONFLICT (request_id) DO NOTHING`,
          [
            requestId,
            ...stamp,
            actor,
            alliance,
            recipientUrn,
            ...requestingBodyValues(requestingBody),
            need,
            phase,
            preferredStart,
            halfDaysHopedFor,
            event.data.requestedOn,
          ],
        );
        return;
      }
      case 'SupportRequestDeclined':
        await db.query(
          `UPDATE support_requests SET status = 'declined', decided_on = $6, reason = $7, ${decided}`,
          [requestId, ...stamp, actor, event.data.declinedOn, event.data.reason],
        );
        return;
      case 'SupportRequestWithdrawn':
        await db.query(
          `UPDATE support_requests SET status = 'withdrawn', decided_on = $6, reason = $7, ${decided}`,
          [requestId, ...stamp, actor, event.data.withdrawnOn, event.data.reason ?? null],
        );
        return;
      case 'SupportRequestBrokered':
        await db.query(
          `UPDATE support_requests
              SET status = 'brokered', decided_on = $6, placement_id = $7, lle_id = $8, ${decided}`,
          [requestId, ...stamp, actor, event.data.brokeredOn, event.data.placementId, event.data.lleId],
        );
        return;
      default:
        return assertNever(event);
    }
  },
};
