import { isAllianceCode } from '../alliances/alliances';
import { dateInEngland } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { ClusterCommand, ClusterContext, FormCluster } from './cluster.commands';
import type { ClusterEvent, Competency } from './cluster.events';
import { evolveCluster, initialClusterState, type ClusterState } from './cluster.state';

export const clusterDecider: Decider<ClusterCommand, ClusterEvent, ClusterState, ClusterContext> = {
  initialState: initialClusterState,
  evolve: evolveCluster,
  decide(command, state, context) {
    switch (command.type) {
      case 'FormCluster':
        return formCluster(command, state, context);
      default:
        return assertNever(command.type);
    }
  },
};

function formCluster(command: FormCluster, state: ClusterState, context: ClusterContext): ClusterEvent[] {
  const { clusterId, alliance, name, nleId } = command.data;
  const competencies = command.data.competencies.map(({ competencyId, name }) => ({ competencyId, name }));
  if (state.status === 'formed') {
    const same =
      state.alliance === alliance &&
      state.name === name &&
      state.nleId === nleId &&
      JSON.stringify(state.competencies.map(({ competencyId, name }) => ({ competencyId, name }))) ===
        JSON.stringify(competencies);
    if (same) return [];
    throw new DomainError('CLUSTER_ALREADY_EXISTS', `Cluster ${clusterId} already exists`, 'conflict');
  }
  if (!isAllianceCode(alliance)) {
    throw new DomainError('UNKNOWN_ALLIANCE', `There is no alliance ${String(alliance)}`);
  }
  if (!name.trim()) throw new DomainError('CLUSTER_NAME_REQUIRED', 'A cluster needs a name');
  const { nle } = context;
  if (nle === undefined || nle.personId !== nleId || nle.role !== 'NLE' || !nle.designated) {
    throw new DomainError(
      'NLE_NOT_DESIGNATED',
      nle?.personId === nleId && nle.role === 'NLE'
        ? 'The NLE chosen to lead the cluster is no longer designated'
        : 'A cluster is led by a designated NLE; the person chosen is not recorded as one',
    );
  }
  checkCompetencies(competencies);
  return [
    {
      type: 'ClusterFormed',
      data: { clusterId, alliance, name, nleId, competencies, formedOn: dateInEngland(command.metadata.now) },
    },
  ];
}

function checkCompetencies(competencies: readonly Competency[]): void {
  if (competencies.length === 0) {
    throw new DomainError(
      'COMPETENCY_FRAMEWORK_INVALID',
      'A cluster needs its framework of competencies to evaluate impact against',
    );
  }
  const ids = new Set<string>();
  for (const { competencyId, name } of competencies) {
    if (!competencyId.trim() || !name.trim()) {
      throw new DomainError('COMPETENCY_FRAMEWORK_INVALID', 'Each competency needs an id and a name');
    }
    if (ids.has(competencyId)) {
      throw new DomainError('COMPETENCY_FRAMEWORK_INVALID', `Competency ${competencyId} is listed twice`);
    }
    ids.add(competencyId);
  }
}
