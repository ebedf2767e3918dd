import type { AllianceCode } from '../alliances/alliances';
import type { Command } from '../shared/command';
import type { Competency } from './cluster.events';
import type { SystemLeaderFacts } from './system-leader.state';

export type FormCluster = Command<
  'FormCluster',
  { clusterId: string; alliance: AllianceCode; name: string; nleId: string; competencies: Competency[] }
>;

export type ClusterCommand = FormCluster;

export function clusterStreamId(clusterId: string): string {
  return `cluster-${clusterId}`;
}

/**
 * Looked up at the edge before deciding FormCluster: `nle`, the facts of the NLE's folded system-leader
 * stream (`systemLeaderFacts` of `systemLeaderStreamId('NLE', nleId)`), undefined when none is recorded.
 */
export interface ClusterContext {
  readonly nle?: SystemLeaderFacts;
}
