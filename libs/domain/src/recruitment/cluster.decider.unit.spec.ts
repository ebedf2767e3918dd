import { given } from '../testing/decider-specification';
import type { ClusterContext, FormCluster } from './cluster.commands';
import { clusterDecider } from './cluster.decider';
import type { ClusterEvent } from './cluster.events';
import { ids, metadata } from './recruitment.fixtures';

const nle = { personId: ids.nle, role: 'NLE' as const, designated: true, schoolUrn: 110000 };
const context: ClusterContext = { nle };
const competencies = [
  { competencyId: 'coaching', name: 'Coaching and mentoring heads' },
  { competencyId: 'capacity', name: 'Building leadership capacity' },
];
const form = (data: Partial<FormCluster['data']> = {}): FormCluster => ({
  type: 'FormCluster',
  data: {
    clusterId: ids.cluster,
    alliance: 'CATSA',
    name: 'South Cambs',
    nleId: ids.nle,
    competencies,
    ...data,
  },
  metadata: metadata('2027-04-01T10:00:00Z', 'admin-1', 'admin'),
});
const formed: ClusterEvent = {
  type: 'ClusterFormed',
  data: {
    clusterId: ids.cluster,
    alliance: 'CATSA',
    name: 'South Cambs',
    nleId: ids.nle,
    competencies,
    formedOn: '2027-04-01',
  },
};

describe('clusters', () => {
  it('forms a cluster led by a designated NLE, with its competency framework', () => {
    expect(given(clusterDecider).when(form(), context).events).toEqual([formed]);
  });

  it.each([
    ['no NLE recorded', undefined],
    ['an NLE whose designation ended', { ...nle, designated: false }],
    ['an SLE', { ...nle, role: 'SLE' as const }],
    ['someone else', { ...nle, personId: 'person-other' }],
  ])('refuses %s as lead', (_, lead) => {
    expect(given(clusterDecider).when(form(), { nle: lead }).error).toMatchObject({
      code: 'NLE_NOT_DESIGNATED',
      kind: 'rule',
    });
  });

  it.each([
    ['no competencies', []],
    ['a competency twice', [...competencies, competencies[0]!]],
    ['a competency without a name', [{ competencyId: 'x', name: ' ' }]],
  ])('refuses a framework with %s', (_, list) => {
    expect(given(clusterDecider).when(form({ competencies: list }), context).error?.code).toBe(
      'COMPETENCY_FRAMEWORK_INVALID',
    );
  });

  it('is a no-op when formed again, and a conflict when different', () => {
    expect(given(clusterDecider, formed).when(form(), context).events).toEqual([]);
    expect(given(clusterDecider, formed).when(form({ name: 'North' }), context).error).toMatchObject({
      code: 'CLUSTER_ALREADY_EXISTS',
      kind: 'conflict',
    });
  });
});
