import { fold } from '../shared/decider';
import { given } from '../testing/decider-specification';
import type { EndSystemLeaderDesignation, RecordSystemLeader } from './system-leader.commands';
import { systemLeaderDecider } from './system-leader.decider';
import type { SystemLeaderEvent } from './system-leader.events';
import { systemLeaderFacts } from './system-leader.state';
import { ids, metadata } from './recruitment.fixtures';

const record = (data: Partial<RecordSystemLeader['data']> = {}): RecordSystemLeader => ({
  type: 'RecordSystemLeader',
  data: { personId: ids.nle, role: 'NLE', schoolUrn: 110000, designatedOn: '2015-07-01', ...data },
  metadata: metadata('2027-03-01T10:00:00Z', 'admin-1', 'admin'),
});
const recorded: SystemLeaderEvent = {
  type: 'SystemLeaderRecorded',
  data: {
    personId: ids.nle,
    role: 'NLE',
    schoolUrn: 110000,
    designatedOn: '2015-07-01',
    recordedOn: '2027-03-01',
  },
};
const end: EndSystemLeaderDesignation = {
  type: 'EndSystemLeaderDesignation',
  data: { personId: ids.nle, role: 'NLE', reason: 'head_left_school' },
  metadata: metadata('2028-08-31T10:00:00Z', 'admin-1', 'admin'),
};
const ended: SystemLeaderEvent = {
  type: 'SystemLeaderDesignationEnded',
  data: { personId: ids.nle, role: 'NLE', reason: 'head_left_school', endedOn: '2028-08-31' },
};

describe('system leaders', () => {
  it('records an NLE designated elsewhere, who can then lead a cluster', () => {
    expect(given(systemLeaderDecider).when(record()).events).toEqual([recorded]);
    expect(systemLeaderFacts(fold(systemLeaderDecider, [recorded]))).toEqual({
      personId: ids.nle,
      role: 'NLE',
      schoolUrn: 110000,
      designatedOn: '2015-07-01',
      designated: true,
    });
  });

  it.each(['SLE', 'NLG'] as const)('records an %s', (role) => {
    expect(
      given(systemLeaderDecider).when(record({ role, alliance: 'CASSA' })).events?.[0]?.data,
    ).toMatchObject({
      role,
      alliance: 'CASSA',
    });
  });

  it('refuses to record an LLE: LLEs are designated from an application', () => {
    expect(given(systemLeaderDecider).when(record({ role: 'LLE' as never })).error?.code).toBe(
      'SYSTEM_LEADER_ROLE_INVALID',
    );
  });

  it('refuses a designation date in the future', () => {
    expect(given(systemLeaderDecider).when(record({ designatedOn: '2027-03-02' })).error?.code).toBe(
      'SYSTEM_LEADER_DATE_INVALID',
    );
  });

  it('is a no-op when recorded again, and a conflict when different', () => {
    expect(given(systemLeaderDecider, recorded).when(record()).events).toEqual([]);
    expect(given(systemLeaderDecider, recorded).when(record({ schoolUrn: 120000 })).error).toMatchObject({
      code: 'SYSTEM_LEADER_ALREADY_RECORDED',
      kind: 'conflict',
    });
  });

  it('ends a designation, after which the NLE no longer counts as designated', () => {
    expect(given(systemLeaderDecider, recorded).when(end).events).toEqual([ended]);
    expect(given(systemLeaderDecider, recorded, ended).when(end).events).toEqual([]);
    expect(systemLeaderFacts(fold(systemLeaderDecider, [recorded, ended]))?.designated).toBe(false);
  });
});
