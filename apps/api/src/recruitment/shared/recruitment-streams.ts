import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EventRegistry, uuidV5Of } from '@lle/application';
import { canSeeAlliance } from '@lle/auth';
import {
  applicationDecider,
  applicationStreamId,
  clusterDecider,
  clusterFacts,
  clusterStreamId,
  fold,
  isLiveApplication,
  lleDesignationDecider,
  lleDesignationStreamId,
  roundDecider,
  roundFacts,
  roundStreamId,
  systemLeaderDecider,
  systemLeaderFacts,
  systemLeaderStreamId,
  type Actor,
  type ApplicationEvent,
  type ApplicationOnFile,
  type ApplicationState,
  type ClusterFacts,
  type Event,
  type LLEDesignationEvent,
  type LLEDesignationState,
  type RoundFacts,
  type SchoolFacts,
  type SystemLeaderEvent,
  type SystemLeaderFacts,
} from '@lle/domain';
import { EVENT_STORE, type EventStore } from '@lle/event-store';
import { SchoolsQuery } from '@lle/read-models';
import { problem } from '../../http/problem-details';

export interface ApplicationOnRecord {
  readonly applicationId: string;
  readonly events: readonly ApplicationEvent[];
  readonly state: ApplicationOnFile;
}

export interface DesignationOnRecord {
  readonly events: readonly LLEDesignationEvent[];
  readonly state: Exclude<LLEDesignationState, { status: 'none' }>;
}

/**
 * An applicant's applications in a round have ids fixed by the round, the applicant and a counter: the
 * n-th is `application/<round>/<applicant>/<n>`. A new application always goes to the first id whose
 * stream is empty, so two submissions at the same moment target one stream and its expected revision lets
 * only one in; the applications before it are those the applicant made earlier in the round.
 */
export function nthApplicationId(roundId: string, applicantId: string, n: number): string {
  return uuidV5Of(`application/${roundId}/${applicantId}/${n}`);
}

/**
 * What the recruitment commands read besides the stream they change, at the edge: other streams, folded
 * with their deciders, and the schools read model. Also where a broker's reach is checked: a resource of
 * another alliance is answered exactly like one that does not exist.
 */
@Injectable()
export class RecruitmentStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly registry: EventRegistry,
    private readonly schools: SchoolsQuery,
  ) {}

  async events<E extends Event>(streamId: string): Promise<E[]> {
    const recorded = await this.store.readStream(streamId);
    return recorded.map((event) => this.registry.upcast<E>(event));
  }

  async application(applicationId: string): Promise<{ events: ApplicationEvent[]; state: ApplicationState }> {
    const events = await this.events<ApplicationEvent>(applicationStreamId(applicationId));
    return { events, state: fold(applicationDecider, events) };
  }

  /** The application, if the actor may act on it; otherwise 404, as for one that does not exist. */
  async applicationFor(actor: Actor, applicationId: string): Promise<ApplicationOnRecord> {
    const { events, state } = await this.application(applicationId);
    if (state.status === 'none' || !canSeeAlliance(actor, state.application.alliance)) {
      throw new NotFoundException(
        problem(404, 'APPLICATION_NOT_FOUND', `There is no application ${applicationId}`),
      );
    }
    return { applicationId, events, state };
  }

  /**
   * The applicant's applications in the round, in order, and the id the next one would take (the first
   * whose stream is empty).
   */
  async applicationsOf(
    roundId: string,
    applicantId: string,
  ): Promise<{ onRecord: ApplicationOnRecord[]; nextId: string }> {
    const onRecord: ApplicationOnRecord[] = [];
    for (let n = 0; ; n++) {
      const applicationId = nthApplicationId(roundId, applicantId, n);
      const { events, state } = await this.application(applicationId);
      if (state.status === 'none') return { onRecord, nextId: applicationId };
      onRecord.push({ applicationId, events, state });
    }
  }

  /** The applicant's live applications in the round (withdrawn and declined ones are not live). */
  async liveApplicationIds(roundId: string, applicantId: string): Promise<string[]> {
    const { onRecord } = await this.applicationsOf(roundId, applicantId);
    return onRecord.filter(({ state }) => isLiveApplication(state)).map(({ applicationId }) => applicationId);
  }

  /** The round's facts; a round of another alliance is unknown to a broker. */
  async round(actor: Actor, roundId: string): Promise<RoundFacts | undefined> {
    const state = fold(roundDecider, await this.events(roundStreamId(roundId)));
    const facts = roundFacts(roundId, state);
    return facts && canSeeAlliance(actor, facts.alliance) ? facts : undefined;
  }

  /** The school as the schools read model has it. */
  async school(urn: number): Promise<SchoolFacts | undefined> {
    const school = await this.schools.get(urn);
    return school && { urn: school.urn, status: school.status };
  }

  /** The LLE's designation, if the actor may act on it; otherwise 404, as for one that does not exist. */
  async designationFor(actor: Actor, lleId: string): Promise<DesignationOnRecord> {
    const events = await this.events<LLEDesignationEvent>(lleDesignationStreamId(lleId));
    const state = fold(lleDesignationDecider, events);
    if (state.status === 'none' || !canSeeAlliance(actor, state.designation.alliance)) {
      throw new NotFoundException(
        problem(404, 'LLE_NOT_FOUND', `No LLE designation is recorded for ${lleId}`),
      );
    }
    return { events, state };
  }

  /** The cluster's facts; a cluster of another alliance is unknown to a broker. */
  async cluster(actor: Actor, clusterId: string): Promise<ClusterFacts | undefined> {
    const facts = clusterFacts(fold(clusterDecider, await this.events(clusterStreamId(clusterId))));
    return facts && canSeeAlliance(actor, facts.alliance) ? facts : undefined;
  }

  /** The NLE's facts from their system-leader stream. */
  async nle(personId: string): Promise<SystemLeaderFacts | undefined> {
    const events = await this.events<SystemLeaderEvent>(systemLeaderStreamId('NLE', personId));
    return systemLeaderFacts(fold(systemLeaderDecider, events));
  }
}
