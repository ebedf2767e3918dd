import type { AllianceCode } from '../alliances/alliances';
import type { ClusterEvent, Competency } from './cluster.events';

export type ClusterState =
  | { readonly status: 'none' }
  | {
      readonly status: 'formed';
      readonly clusterId: string;
      readonly alliance: AllianceCode;
      readonly name: string;
      readonly nleId: string;
      readonly competencies: readonly Competency[];
    };

export const initialClusterState = (): ClusterState => ({ status: 'none' });

export function evolveCluster(state: ClusterState, event: ClusterEvent): ClusterState {
  switch (event.type) {
    case 'ClusterFormed': {
      if (state.status !== 'none') return state;
      const { clusterId, alliance, name, nleId, competencies } = event.data;
      return { status: 'formed', clusterId, alliance, name, nleId, competencies };
    }
    default:
      return state;
  }
}

/** What adding an LLE to a cluster needs to know of it (its folded stream). */
export interface ClusterFacts {
  readonly clusterId: string;
  readonly alliance: AllianceCode;
}

export function clusterFacts(state: ClusterState): ClusterFacts | undefined {
  if (state.status === 'none') return undefined;
  return { clusterId: state.clusterId, alliance: state.alliance };
}
