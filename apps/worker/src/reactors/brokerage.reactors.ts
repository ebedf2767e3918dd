import { uuidV5Of } from '@lle/application';
import { isRole } from '@lle/auth';
import type {
  Actor,
  CommandMetadata,
  PlacementAmended,
  PlacementBrokered,
  PlacementCompleted,
  PlacementEndedEarly,
  SupportDayVoided,
} from '@lle/domain';
import type { Projection, ProjectedEvent } from '@lle/projections';
import type { BrokerageService } from '../../../api/src/brokerage/shared/brokerage-service';

/**
 * Reactors: checkpointed consumers of the event log that act on the event store instead of writing read
 * models. They run in the worker on the projection runner, each with its own checkpoint, and are never part
 * of a read model's rebuild (which replays events into tables only), so replaying history never repeats
 * their side effects.
 *
 * What they send is idempotent, so running one again over the same events (after a crash between the
 * append and the checkpoint, or twice by two workers) changes nothing: each step is decided on the target
 * stream's history, where a step already done is a no-op, and its event ids derive from a causation id made
 * from the event reacted to.
 */

/**
 * The metadata of what a reactor sends for an event: the event's actor and correlation (it completes their
 * command), its time (so the dates decided are those the command would have recorded), and a causation id
 * derived from the event's id.
 */
export function reactorMetadata(event: ProjectedEvent, reactor: string): CommandMetadata {
  const { actor: recorded, occurredAt, correlationId } = event.metadata;
  const actor: Actor =
    recorded !== undefined && isRole(recorded.role)
      ? { ...recorded, role: recorded.role }
      : { subject: reactor, role: 'admin' };
  return {
    now: occurredAt !== undefined ? new Date(occurredAt) : event.recordedAt,
    actor,
    correlationId: correlationId ?? event.id,
    causationId: uuidV5Of(`reactor\u0000${reactor}\u0000${event.id}`),
  };
}

/**
 * Brokering's steps 2 and 3 for every PlacementBrokered: open the placement's stream and mark the request
 * brokered (or, if the request stopped waiting, end the placement early and free the LLE's days). Both are
 * no-ops when the API already did them, which is the usual case; they matter when the process died after
 * deciding on the LLE's commitments.
 */
export function placementBrokeringReactor(brokerage: BrokerageService): Projection<PlacementBrokered> {
  const name = 'placement_brokering_reactor';
  return {
    name,
    handles: ['PlacementBrokered'],
    tables: [],
    async apply(event) {
      await brokerage.completeBrokering(event, reactorMetadata(event, name));
    },
  };
}

type FollowedUp = SupportDayVoided | PlacementAmended | PlacementCompleted | PlacementEndedEarly;

/**
 * What a placement's events owe other streams, sent again: a voided day frees the person's date; an
 * amendment, a completion or an early end settles the LLE's commitments (releases, the commitment closed).
 */
export function placementFollowUpsReactor(brokerage: BrokerageService): Projection<FollowedUp> {
  const name = 'placement_follow_ups_reactor';
  return {
    name,
    handles: ['SupportDayVoided', 'PlacementAmended', 'PlacementCompleted', 'PlacementEndedEarly'],
    tables: [],
    async apply(event) {
      await brokerage.followUp(event, reactorMetadata(event, name));
    },
  };
}

/** Every reactor the worker runs. */
export function brokerageReactors(brokerage: BrokerageService): Projection[] {
  return [placementBrokeringReactor(brokerage), placementFollowUpsReactor(brokerage)] as Projection[];
}
