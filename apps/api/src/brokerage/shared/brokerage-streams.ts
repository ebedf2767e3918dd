import type { CommandHandler, EventRegistry, StreamRead } from '@lle/application';
import { canSeeAlliance } from '@lle/auth';
import {
  brokerageSchoolFacts,
  clusterDecider,
  clusterStreamId,
  DomainError,
  fold,
  lleCommitmentsDecider,
  lleCommitmentsStreamId,
  lleDesignationDecider,
  lleDesignationStreamId,
  lleFacts,
  personDaysDecider,
  personDaysStreamId,
  placementDecider,
  placementStreamId,
  schoolDecider,
  schoolStreamId,
  supportRequestDecider,
  supportRequestFacts,
  supportRequestStreamId,
  type Actor,
  type BrokerageSchoolFacts,
  type ClusterEvent,
  type CompetencyFramework,
  type Event,
  type LLECommitmentsEvent,
  type LLECommitmentsState,
  type LLEDesignationEvent,
  type LLEFacts,
  type PersonDaysState,
  type PlacementBrokered,
  type PlacementEvent,
  type PlacementOnRecord,
  type PlacementState,
  type SchoolEvent,
  type SupportRequestEvent,
  type SupportRequestFacts,
} from '@lle/domain';
import type { EventStore } from '@lle/event-store';

/** Who may act on a placement besides brokers of its alliance and admins. */
export type PlacementReach =
  /** Brokers of the placement's alliance and admins only. */
  | 'brokers'
  /** Also the placement's LLE (an `lle` token whose subject is the LLE). */
  | 'its_lle'
  /** Also the LLE or a member of staff days were transferred to (an `lle` token naming them). */
  | 'its_people';

/** A placement the actor may act on, as read (to decide on without reading it again). */
export type PlacementAtHand = StreamRead<PlacementOnRecord>;

/**
 * What the brokerage commands read besides the stream they change: other streams, folded with their
 * deciders. Everything comes from the event store itself (no read model), so a decision never waits on a
 * projection and the same code runs on PostgreSQL and EventStoreDB. Also where reach is checked: another
 * alliance's request, placement or LLE is answered exactly like one that does not exist (404).
 */
export class BrokerageStreams {
  constructor(
    private readonly store: EventStore,
    private readonly registry: EventRegistry,
    /** Reads of folded state only, which need not fetch a stream's whole history each time. */
    private readonly reader: Pick<CommandHandler, 'read'>,
  ) {}

  async events<E extends Event>(streamId: string): Promise<E[]> {
    const recorded = await this.store.readStream(streamId);
    return recorded.map((event) => this.registry.upcast<E>(event));
  }

  async request(requestId: string): Promise<SupportRequestFacts | undefined> {
    const events = await this.events<SupportRequestEvent>(supportRequestStreamId(requestId));
    return supportRequestFacts(fold(supportRequestDecider, events));
  }

  /** The request, if the actor may act on it; otherwise 404, as for one that does not exist. */
  async requestFor(actor: Actor, requestId: string): Promise<SupportRequestFacts> {
    const request = await this.request(requestId);
    if (request === undefined || !canSeeAlliance(actor, request.alliance)) throw requestNotFound(requestId);
    return request;
  }

  async placement(placementId: string): Promise<{ events: PlacementEvent[]; state: PlacementState }> {
    const events = await this.events<PlacementEvent>(placementStreamId(placementId));
    return { events, state: fold(placementDecider, events) };
  }

  /**
   * The placement, if the actor may act on it as `reach` allows; otherwise 404, as for one that does not
   * exist: brokers see their own alliance's, admins all, an LLE only their own (and staff those they deliver).
   */
  async placementFor(actor: Actor, placementId: string, reach: PlacementReach): Promise<PlacementAtHand> {
    const read = await this.reader.read(placementDecider, placementStreamId(placementId));
    const { state } = read;
    if (state.status === 'none' || !reaches(actor, state, reach)) throw placementNotFound(placementId);
    return { ...read, state };
  }

  async lle(lleId: string): Promise<LLEFacts | undefined> {
    const events = await this.events<LLEDesignationEvent>(lleDesignationStreamId(lleId));
    return lleFacts(fold(lleDesignationDecider, events));
  }

  /** The LLE's facts, if the actor may act on them; otherwise 404, as for someone never designated. */
  async lleFor(actor: Actor, lleId: string): Promise<LLEFacts> {
    const lle = await this.lle(lleId);
    if (lle === undefined || !canSeeAlliance(actor, lle.alliance)) {
      throw new DomainError('LLE_NOT_FOUND', `No LLE designation is recorded for ${lleId}`, 'not_found');
    }
    return lle;
  }

  async commitments(lleId: string): Promise<{ events: LLECommitmentsEvent[]; state: LLECommitmentsState }> {
    const events = await this.events<LLECommitmentsEvent>(lleCommitmentsStreamId(lleId));
    return { events, state: fold(lleCommitmentsDecider, events) };
  }

  /** The PlacementBrokered event of a placement, from its LLE's commitments stream. */
  async brokered(lleId: string, placementId: string): Promise<PlacementBrokered | undefined> {
    const { events } = await this.commitments(lleId);
    return events.find(
      (event): event is PlacementBrokered =>
        event.type === 'PlacementBrokered' && event.data.placementId === placementId,
    );
  }

  async personDays(personId: string): Promise<PersonDaysState> {
    return (await this.reader.read(personDaysDecider, personDaysStreamId(personId))).state;
  }

  /** The school as its own stream has it (the schools import records each one there). */
  async school(urn: number): Promise<BrokerageSchoolFacts | undefined> {
    const state = fold(schoolDecider, await this.events<SchoolEvent>(schoolStreamId(urn)));
    return state.status === 'known' ? brokerageSchoolFacts(state.record) : undefined;
  }

  /** The competency framework of the LLE's cluster (the cluster their designation names), if any. */
  async frameworkOf(lleId: string): Promise<CompetencyFramework | undefined> {
    const clusterId = (await this.lle(lleId))?.clusterId;
    if (clusterId === undefined) return undefined;
    const state = fold(clusterDecider, await this.events<ClusterEvent>(clusterStreamId(clusterId)));
    return state.status === 'formed' ? { clusterId, competencies: state.competencies } : undefined;
  }
}

function reaches(actor: Actor, placement: PlacementOnRecord, reach: PlacementReach): boolean {
  const { alliance, lleId } = placement.terms;
  if (actor.role !== 'lle') return canSeeAlliance(actor, alliance);
  if (reach === 'brokers') return false;
  if (actor.subject === lleId) return true;
  return reach === 'its_people' && placement.staff[actor.subject] !== undefined;
}

export function requestNotFound(requestId: string): DomainError {
  return new DomainError('REQUEST_NOT_FOUND', `There is no request ${requestId}`, 'not_found');
}

export function placementNotFound(placementId: string): DomainError {
  return new DomainError('PLACEMENT_NOT_FOUND', `There is no placement ${placementId}`, 'not_found');
}
