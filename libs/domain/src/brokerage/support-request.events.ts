import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';

/**
 * A request for support, one stream per request (`support-request-<requestId>`). It waits in its alliance's
 * queue until brokered, declined (with a reason) or withdrawn. Brokering is decided on the LLE's commitments
 * stream (see lle-commitments.events.ts); the request is then marked brokered, a second, idempotent append.
 *
 * Whoever asks, and pays: a school by URN, a local authority by its three-digit code, or a diocese.
 * Often not the recipient.
 */
export type RequestingBody =
  | { readonly kind: 'school'; readonly urn: number }
  | { readonly kind: 'local_authority'; readonly laCode: string }
  | { readonly kind: 'diocese'; readonly diocese: string };

export const REQUESTING_BODY_KINDS = ['school', 'local_authority', 'diocese'] as const;
export type RequestingBodyKind = (typeof REQUESTING_BODY_KINDS)[number];

export type SupportRequested = Event<
  'SupportRequested',
  {
    requestId: string;
    alliance: AllianceCode;
    requestingBody: RequestingBody;
    recipientUrn: number;
    /** What the recipient needs, in plain words (free text; the edge may seal it). */
    need: string;
    /** The phase of education the support is for (as GIAS names phases: Primary, Secondary...). */
    phase: string;
    preferredStart: LocalDate;
    halfDaysHopedFor: number;
    requestedOn: LocalDate;
  }
>;
export type SupportRequestDeclined = Event<
  'SupportRequestDeclined',
  { requestId: string; reason: string; declinedOn: LocalDate }
>;
export type SupportRequestWithdrawn = Event<
  'SupportRequestWithdrawn',
  { requestId: string; reason?: string; withdrawnOn: LocalDate }
>;
/** Follows a PlacementBrokered on the LLE's commitments stream, which carries the placement's terms. */
export type SupportRequestBrokered = Event<
  'SupportRequestBrokered',
  { requestId: string; placementId: string; lleId: string; brokeredOn: LocalDate }
>;

export type SupportRequestEvent =
  SupportRequested | SupportRequestDeclined | SupportRequestWithdrawn | SupportRequestBrokered;

export const SUPPORT_REQUEST_EVENT_TYPES: EventTypeDefinitions<SupportRequestEvent['type']> = {
  SupportRequested: { schemaVersion: 1 },
  SupportRequestDeclined: { schemaVersion: 1 },
  SupportRequestWithdrawn: { schemaVersion: 1 },
  SupportRequestBrokered: { schemaVersion: 1 },
};
