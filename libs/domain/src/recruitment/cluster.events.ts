import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';

/**
 * A cluster of LLEs within an alliance, led by a designated NLE, with the framework of competencies the
 * impact of its LLEs' placements is evaluated against. Who is in a cluster is recorded on each LLE's
 * designation stream (LLEAssignedToCluster, LLEMovedBetweenClusters), so a move is one atomic change; the
 * cluster's members are a read model.
 */
export interface Competency {
  readonly competencyId: string;
  readonly name: string;
}

export type ClusterFormed = Event<
  'ClusterFormed',
  {
    clusterId: string;
    alliance: AllianceCode;
    name: string;
    nleId: string;
    competencies: Competency[];
    formedOn: LocalDate;
  }
>;

export type ClusterEvent = ClusterFormed;

export const CLUSTER_EVENT_TYPES: EventTypeDefinitions<ClusterEvent['type']> = {
  ClusterFormed: { schemaVersion: 1 },
};
