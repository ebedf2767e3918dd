import type { LLEFacts } from '../recruitment/designation.state';
import type { LocalDate } from '../shared/calendar';
import type { Command, CommandMetadata } from '../shared/command';
import type { BrokerageRules } from './brokerage-rules';
import type { EndPoint, Objective, ReleaseReason } from './lle-commitments.events';
import type { PlacementAmended, PlacementCompleted, PlacementEndedEarly } from './placement.events';
import type { BrokerageSchoolFacts } from './support-request.commands';
import type { SupportRequestFacts } from './support-request.state';

/**
 * The order of appends at the edge (each step idempotent, so any step can be sent again):
 *
 * BrokerPlacement
 *   1. `lle-commitments-<lleId>`: BrokerPlacement → PlacementBrokered, with all the placement's terms. This
 *      is the decision (capacity, guideline, LLE active, recipient...); on a conflict, decide again on fresh
 *      state, as many times as it takes (50 brokers at once means up to 49 retries for the last one).
 *   2. `placement-<placementId>`: `openPlacementFrom(brokered)` → PlacementOpened.
 *   3. `support-request-<requestId>`: `recordRequestBrokeredFrom(brokered)` → SupportRequestBrokered.
 *   If the process dies after 1, a reactor subscribed to PlacementBrokered does 2 and 3 (both no-ops when
 *   already done). If 3 is refused (REQUEST_NOT_WAITING: the request was withdrawn, declined, or brokered
 *   to another LLE in the same moment), the placement is ended early with that reason, which closes its
 *   commitment (see `commitmentChangesAfter`) and frees the LLE's days.
 *
 * AmendPlacement raising the days (by D half-days)
 *   1. here: ReservePlacementDays { amendmentId, halfDays: D } (capacity checked);
 *   2. `placement-<placementId>`: AmendPlacement, with `reservedHalfDays` read from this stream;
 *   3. here: `commitmentChangesAfter(amended)` (releases any part of the reservation it did not use); if 2
 *      was refused, ReleasePlacementDays { amendmentId, reason: 'reservation_unused', halfDays: D }.
 *   A reservation left by a process that died before 2 holds the days (never too few) until that same
 *   amendment is sent again or the placement closes.
 * AmendPlacement lowering the days, CompletePlacement, EndPlacementEarly
 *   1. `placement-<placementId>` first; 2. here: `commitmentChangesAfter(event)`, which a reactor on the
 *   placement's events sends again if the process died in between.
 *
 * The recipient, the requesting body, the phase and the alliance come from the request (its facts in the
 * context), so a placement can never disagree with what was asked for. `placementId` is made by the edge
 * (for example from the command id), so a retried command brokers nothing twice.
 */
export type BrokerPlacement = Command<
  'BrokerPlacement',
  {
    placementId: string;
    requestId: string;
    lleId: string;
    halfDaysAgreed: number;
    startDate: LocalDate;
    /** Required; optional in the type only so that its absence is refused with a clear code. */
    endPoint?: EndPoint;
    dayRatePence: number;
    lleSchoolShareBps: number;
    objectives: Objective[];
    /** Needed when the days agreed are above the guideline. */
    guidelineOverride?: { reason: string };
  }
>;
/** Before AmendPlacement raises a placement's days: sets the extra half-days aside, within capacity. */
export type ReservePlacementDays = Command<
  'ReservePlacementDays',
  { lleId: string; placementId: string; amendmentId: string; halfDays: number }
>;
/** After a placement gave days up (see `commitmentChangesAfter`), or a reservation went unused. */
export type ReleasePlacementDays = Command<
  'ReleasePlacementDays',
  { lleId: string; placementId: string; amendmentId: string; reason: ReleaseReason; halfDays: number }
>;
/** After CompletePlacement or EndPlacementEarly (see `commitmentChangesAfter`). */
export type ClosePlacementCommitment = Command<
  'ClosePlacementCommitment',
  {
    lleId: string;
    placementId: string;
    outcome: 'completed' | 'ended_early';
    halfDaysDelivered: number;
  }
>;

export type LLECommitmentsCommand =
  BrokerPlacement | ReservePlacementDays | ReleasePlacementDays | ClosePlacementCommitment;

export function lleCommitmentsStreamId(lleId: string): string {
  return `lle-commitments-${lleId}`;
}

/**
 * Looked up at the edge before deciding, once per attempt (a retry after a conflict loads them afresh):
 * - always: `rules`;
 * - BrokerPlacement: `lle`, the LLE's facts (`lleFacts` of `designation-<lleId>`); `request`, the request's
 *   facts (`supportRequestFacts` of `support-request-<requestId>`); `recipient`, the facts of the request's
 *   recipient school (`brokerageSchoolFacts` of `school-<recipientUrn>`);
 * - ReservePlacementDays: `lle`.
 * A lookup that found nothing is left undefined and refused as unknown.
 */
export interface LLECommitmentsContext {
  readonly rules: BrokerageRules;
  readonly lle?: LLEFacts;
  readonly request?: SupportRequestFacts;
  readonly recipient?: BrokerageSchoolFacts;
}

/**
 * What the commitments stream must be told once the placement's own stream changed its days or ended: the
 * edge sends these right after, and a reactor on the placement's events sends them again if the process
 * died in between (each is keyed, so sending twice changes nothing). Empty when nothing is owed.
 *
 * - PlacementAmended lowering the days: release the difference.
 * - PlacementAmended using less of its reservation than was set aside: release what is unused.
 * - PlacementCompleted / PlacementEndedEarly: close the commitment at the half-days delivered.
 */
export function commitmentChangesAfter(
  event: PlacementAmended | PlacementCompleted | PlacementEndedEarly,
  metadata: CommandMetadata,
): LLECommitmentsCommand[] {
  switch (event.type) {
    case 'PlacementAmended': {
      const { lleId, placementId, amendmentId, halfDaysBefore, halfDaysAgreed, halfDaysReserved } =
        event.data;
      const commands: LLECommitmentsCommand[] = [];
      if (halfDaysAgreed < halfDaysBefore) {
        commands.push({
          type: 'ReleasePlacementDays',
          data: {
            lleId,
            placementId,
            amendmentId,
            reason: 'amended_down',
            halfDays: halfDaysBefore - halfDaysAgreed,
          },
          metadata,
        });
      }
      const unused = halfDaysReserved - Math.max(0, halfDaysAgreed - halfDaysBefore);
      if (unused > 0) {
        commands.push({
          type: 'ReleasePlacementDays',
          data: { lleId, placementId, amendmentId, reason: 'reservation_unused', halfDays: unused },
          metadata,
        });
      }
      return commands;
    }
    case 'PlacementCompleted':
    case 'PlacementEndedEarly': {
      const { lleId, placementId, halfDaysDelivered } = event.data;
      return [
        {
          type: 'ClosePlacementCommitment',
          data: {
            lleId,
            placementId,
            outcome: event.type === 'PlacementCompleted' ? 'completed' : 'ended_early',
            halfDaysDelivered,
          },
          metadata,
        },
      ];
    }
    default:
      return [];
  }
}
