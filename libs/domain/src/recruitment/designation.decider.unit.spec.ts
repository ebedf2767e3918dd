import { fold } from '../shared/decider';
import { given } from '../testing/decider-specification';
import type { ApplicationEvent } from './application.events';
import { applicationDecider } from './application.decider';
import { applicationSummary, type ApplicationSummary } from './application.state';
import type {
  AddLLEToCluster,
  DesignateLLE,
  EndDesignation,
  LLEDesignationContext,
  MoveLLEBetweenClusters,
  ReinstateDesignation,
  SuspendDesignation,
} from './designation.commands';
import { lleDesignationDecider } from './designation.decider';
import type { LLEDesignationEvent } from './designation.events';
import { isLLEActiveOn, lleFacts } from './designation.state';
import { DEFAULT_RECRUITMENT_RULES } from './recruitment-rules';
import { designatedApplication, ids, metadata, SCHOOL_URN } from './recruitment.fixtures';

const lleId = ids.applicant;
const applicationId = ids.application;
const approved = applicationSummary(fold(applicationDecider, designatedApplication()))!;
const context: LLEDesignationContext = { rules: DEFAULT_RECRUITMENT_RULES, application: approved };

const designate = (data: Partial<DesignateLLE['data']> = {}, now = '2027-03-15T10:00:00Z'): DesignateLLE => ({
  type: 'DesignateLLE',
  data: { lleId, applicationId, from: '2027-04-20', reviewOn: '2030-04-20', ...data },
  metadata: metadata(now, 'panel-1', 'panel'),
});
const designated: LLEDesignationEvent = {
  type: 'LLEDesignated',
  data: {
    lleId,
    applicationId,
    alliance: 'CATSA',
    schoolUrn: SCHOOL_URN,
    from: '2027-04-20',
    reviewOn: '2030-04-20',
    daysPerAcademicYear: 12,
    designatedOn: '2027-03-15',
  },
};
const suspend = (
  reason: SuspendDesignation['data']['reason'] = 'inspection_below_required',
  note?: string,
): SuspendDesignation => ({
  type: 'SuspendDesignation',
  data: { lleId, reason, ...(note !== undefined ? { note } : {}) },
  metadata: metadata('2028-01-10T10:00:00Z', 'admin-1', 'admin'),
});
const suspended: LLEDesignationEvent = {
  type: 'LLEDesignationSuspended',
  data: { lleId, reason: 'inspection_below_required', suspendedOn: '2028-01-10' },
};
const reinstate: ReinstateDesignation = {
  type: 'ReinstateDesignation',
  data: { lleId, note: 'New inspection: good' },
  metadata: metadata('2028-06-01T10:00:00Z', 'admin-1', 'admin'),
};
const reinstated: LLEDesignationEvent = {
  type: 'LLEDesignationReinstated',
  data: { lleId, note: 'New inspection: good', reinstatedOn: '2028-06-01' },
};
const end = (
  reason: EndDesignation['data']['reason'] = 'head_left_school',
  note?: string,
): EndDesignation => ({
  type: 'EndDesignation',
  data: { lleId, reason, ...(note !== undefined ? { note } : {}) },
  metadata: metadata('2028-09-01T10:00:00Z', 'admin-1', 'admin'),
});
const ended: LLEDesignationEvent = {
  type: 'LLEDesignationEnded',
  data: { lleId, reason: 'head_left_school', endedOn: '2028-09-01' },
};

function withApplication(change: Partial<ApplicationSummary>): LLEDesignationContext {
  return { ...context, application: { ...approved, ...change } };
}

describe('LLE designations', () => {
  describe('DesignateLLE', () => {
    it('makes the applicant an active LLE of the alliance, for the school they lead, with the default days', () => {
      expect(given(lleDesignationDecider).when(designate(), context).events).toEqual([designated]);
    });

    it('takes days per academic year other than the default', () => {
      const { events } = given(lleDesignationDecider).when(designate({ daysPerAcademicYear: 20 }), context);
      expect(events?.[0]?.data).toMatchObject({ daysPerAcademicYear: 20 });
    });

    it.each([
      ['Part A', ['part_b', 'reference', 'panel'] as const, ['part_a']],
      ['the reference', ['part_a', 'part_b', 'panel'] as const, ['reference']],
      ['everything', [] as const, ['part_a', 'part_b', 'reference', 'panel']],
    ])('refuses while %s is not on record', (_, stagesOnRecord, missing) => {
      const noPanel = stagesOnRecord.includes('panel' as never) ? {} : { panelDecision: undefined };
      const { error } = given(lleDesignationDecider).when(
        designate(),
        withApplication({ stagesOnRecord: [...stagesOnRecord], ...noPanel }),
      );
      expect(error).toMatchObject({ code: 'DESIGNATION_STAGES_MISSING', kind: 'rule', details: { missing } });
    });

    it.each(['decline', 'defer'] as const)('refuses when the panel decided to %s', (panelDecision) => {
      const stagesOnRecord =
        panelDecision === 'defer'
          ? approved.stagesOnRecord.filter((s) => s !== 'panel')
          : approved.stagesOnRecord;
      const { error } = given(lleDesignationDecider).when(
        designate(),
        withApplication({
          panelDecision,
          stagesOnRecord,
          status: panelDecision === 'defer' ? 'in_assessment' : 'declined',
        }),
      );
      expect(error).toMatchObject({ code: 'PANEL_DID_NOT_DESIGNATE', kind: 'rule' });
    });

    it('refuses once an approved application was reopened for reassessment', () => {
      const reopened: ApplicationEvent = {
        type: 'AssessmentStageReopened',
        data: {
          applicationId,
          stage: 'reference',
          reopened: ['reference', 'panel'],
          reason: 'The referee withdrew',
          reopenedBy: 'assessor-9',
          reopenedOn: '2027-03-12',
        },
      };
      const summary = applicationSummary(fold(applicationDecider, [...designatedApplication(), reopened]));
      const { error } = given(lleDesignationDecider).when(designate(), { ...context, application: summary });
      expect(error).toMatchObject({
        code: 'DESIGNATION_STAGES_MISSING',
        details: { missing: ['reference', 'panel'] },
      });
    });

    it('refuses an application that is unknown, withdrawn, or another person’s', () => {
      expect(
        given(lleDesignationDecider).when(designate(), { ...context, application: undefined }).error?.code,
      ).toBe('UNKNOWN_APPLICATION');
      expect(
        given(lleDesignationDecider).when(designate(), withApplication({ status: 'withdrawn' })).error?.code,
      ).toBe('APPLICATION_WITHDRAWN');
      expect(
        given(lleDesignationDecider).when(designate(), withApplication({ applicantId: 'someone-else' })).error
          ?.code,
      ).toBe('APPLICATION_OF_ANOTHER_PERSON');
    });

    it('refuses a review date not after the start, or a start before the panel decided', () => {
      expect(
        given(lleDesignationDecider).when(designate({ reviewOn: '2027-04-20' }), context).error?.code,
      ).toBe('DESIGNATION_DATES_INVALID');
      expect(given(lleDesignationDecider).when(designate({ from: '2027-03-01' }), context).error?.code).toBe(
        'DESIGNATION_DATES_INVALID',
      );
    });

    it('is a no-op when sent again, and a conflict when different', () => {
      expect(given(lleDesignationDecider, designated).when(designate(), context).events).toEqual([]);
      expect(
        given(lleDesignationDecider, designated).when(designate({ from: '2027-05-01' }), context).error,
      ).toMatchObject({
        code: 'LLE_ALREADY_DESIGNATED',
        kind: 'conflict',
      });
    });

    it('designates again after an ending only from a new application', () => {
      expect(given(lleDesignationDecider, designated, ended).when(designate(), context).error?.code).toBe(
        'APPLICATION_ALREADY_USED',
      );
      const again = withApplication({ applicationId: 'app-2', panelDecidedOn: '2029-03-10' });
      const { events } = given(lleDesignationDecider, designated, ended).when(
        designate(
          { applicationId: 'app-2', from: '2029-04-01', reviewOn: '2032-04-01' },
          '2029-03-15T10:00:00Z',
        ),
        again,
      );
      expect(events).toHaveLength(1);
    });
  });

  describe('SuspendDesignation, ReinstateDesignation, EndDesignation', () => {
    it('suspends an active LLE with a reason code', () => {
      expect(given(lleDesignationDecider, designated).when(suspend(), context).events).toEqual([suspended]);
    });

    it('needs a known reason, and a note for any other reason', () => {
      const unknown = suspend('bored' as never);
      expect(given(lleDesignationDecider, designated).when(unknown, context).error?.code).toBe(
        'DESIGNATION_REASON_INVALID',
      );
      expect(given(lleDesignationDecider, designated).when(suspend('other'), context).error?.code).toBe(
        'REASON_REQUIRED',
      );
      expect(
        given(lleDesignationDecider, designated).when(suspend('other', 'Investigation'), context).events,
      ).toHaveLength(1);
    });

    it('is a no-op to suspend again for the same reason; another reason is refused', () => {
      expect(given(lleDesignationDecider, designated, suspended).when(suspend(), context).events).toEqual([]);
      expect(
        given(lleDesignationDecider, designated, suspended).when(suspend('unavailable'), context).error?.code,
      ).toBe('LLE_NOT_ACTIVE');
    });

    it('reinstates a suspended LLE; reinstating an active one changes nothing', () => {
      expect(given(lleDesignationDecider, designated, suspended).when(reinstate, context).events).toEqual([
        reinstated,
      ]);
      expect(given(lleDesignationDecider, designated).when(reinstate, context).events).toEqual([]);
    });

    it.each(['inspection_below_required', 'head_left_school', 'withdrew'] as const)(
      'ends a designation because %s, suspended or not',
      (reason) => {
        expect(given(lleDesignationDecider, designated).when(end(reason), context).events?.[0]).toMatchObject(
          {
            type: 'LLEDesignationEnded',
            data: { reason },
          },
        );
        expect(
          given(lleDesignationDecider, designated, suspended).when(end(reason), context).events,
        ).toHaveLength(1);
      },
    );

    it('changes nothing once ended, except to refuse', () => {
      expect(given(lleDesignationDecider, designated, ended).when(end(), context).events).toEqual([]);
      expect(given(lleDesignationDecider, designated, ended).when(end('withdrew'), context).error?.code).toBe(
        'DESIGNATION_ENDED',
      );
      expect(given(lleDesignationDecider, designated, ended).when(suspend(), context).error?.code).toBe(
        'DESIGNATION_ENDED',
      );
      expect(given(lleDesignationDecider, designated, ended).when(reinstate, context).error?.code).toBe(
        'DESIGNATION_ENDED',
      );
    });

    it('says an LLE never designated is not found', () => {
      expect(given(lleDesignationDecider).when(suspend(), context).error).toMatchObject({
        code: 'LLE_NOT_FOUND',
        kind: 'not_found',
      });
    });
  });

  describe('what brokerage asks: is the LLE active on a date', () => {
    const facts = (...events: LLEDesignationEvent[]) => lleFacts(fold(lleDesignationDecider, events))!;

    it('is active from the designation date, not before', () => {
      const lle = facts(designated);
      expect(isLLEActiveOn(lle, '2027-04-19')).toBe(false);
      expect(isLLEActiveOn(lle, '2027-04-20')).toBe(true);
      expect(lle).toMatchObject({
        alliance: 'CATSA',
        schoolUrn: SCHOOL_URN,
        daysPerAcademicYear: 12,
        status: 'active',
      });
    });

    it('is not active while suspended, from the day of the suspension, and active again once reinstated', () => {
      const lle = facts(designated, suspended, reinstated);
      expect(isLLEActiveOn(lle, '2028-01-09')).toBe(true);
      expect(isLLEActiveOn(lle, '2028-01-10')).toBe(false);
      expect(isLLEActiveOn(lle, '2028-05-31')).toBe(false);
      expect(isLLEActiveOn(lle, '2028-06-01')).toBe(true);
    });

    it('is not active from the day the designation ends', () => {
      const lle = facts(designated, ended);
      expect(lle.status).toBe('ended');
      expect(isLLEActiveOn(lle, '2028-08-31')).toBe(true);
      expect(isLLEActiveOn(lle, '2028-09-01')).toBe(false);
    });

    it('never was active when suspended before the designation started', () => {
      const early: LLEDesignationEvent = {
        type: 'LLEDesignationSuspended',
        data: { lleId, reason: 'inspection_below_required', suspendedOn: '2027-04-01' },
      };
      expect(isLLEActiveOn(facts(designated, early), '2027-04-20')).toBe(false);
    });
  });

  describe('cluster membership', () => {
    const cluster = { clusterId: 'cluster-1', alliance: 'CATSA' as const };
    const withCluster = { ...context, cluster };
    const add: AddLLEToCluster = {
      type: 'AddLLEToCluster',
      data: { lleId, clusterId: 'cluster-1' },
      metadata: metadata('2027-05-01T10:00:00Z', 'broker-1', 'broker'),
    };
    const assigned: LLEDesignationEvent = {
      type: 'LLEAssignedToCluster',
      data: { lleId, clusterId: 'cluster-1', assignedOn: '2027-05-01' },
    };
    const move = (data: Partial<MoveLLEBetweenClusters['data']> = {}): MoveLLEBetweenClusters => ({
      type: 'MoveLLEBetweenClusters',
      data: {
        lleId,
        fromClusterId: 'cluster-1',
        toClusterId: 'cluster-2',
        reason: 'Closer to home',
        ...data,
      },
      metadata: metadata('2027-09-01T10:00:00Z', 'broker-1', 'broker'),
    });
    const toCluster2 = { ...context, cluster: { clusterId: 'cluster-2', alliance: 'CATSA' as const } };

    it('adds an active LLE to a cluster of their alliance', () => {
      expect(given(lleDesignationDecider, designated).when(add, withCluster).events).toEqual([assigned]);
      expect(given(lleDesignationDecider, designated, assigned).when(add, withCluster).events).toEqual([]);
    });

    it('refuses a suspended or ended LLE', () => {
      expect(given(lleDesignationDecider, designated, suspended).when(add, withCluster).error?.code).toBe(
        'LLE_NOT_ACTIVE',
      );
      expect(given(lleDesignationDecider, designated, ended).when(add, withCluster).error?.code).toBe(
        'DESIGNATION_ENDED',
      );
    });

    it('refuses a cluster that does not exist or belongs to another alliance', () => {
      expect(given(lleDesignationDecider, designated).when(add, context).error?.code).toBe('UNKNOWN_CLUSTER');
      const other = { ...context, cluster: { ...cluster, alliance: 'CASSA' as const } };
      expect(given(lleDesignationDecider, designated).when(add, other).error?.code).toBe(
        'CLUSTER_OF_ANOTHER_ALLIANCE',
      );
    });

    it('refuses adding an LLE already in another cluster: that is a move', () => {
      const { error } = given(lleDesignationDecider, designated, assigned).when(
        { ...add, data: { lleId, clusterId: 'cluster-2' } },
        toCluster2,
      );
      expect(error?.code).toBe('LLE_ALREADY_IN_CLUSTER');
    });

    it('moves an LLE between clusters in one change, with a reason', () => {
      expect(given(lleDesignationDecider, designated, assigned).when(move(), toCluster2).events).toEqual([
        {
          type: 'LLEMovedBetweenClusters',
          data: {
            lleId,
            fromClusterId: 'cluster-1',
            toClusterId: 'cluster-2',
            reason: 'Closer to home',
            movedOn: '2027-09-01',
          },
        },
      ]);
      expect(
        given(lleDesignationDecider, designated, assigned).when(move({ reason: '' }), toCluster2).error?.code,
      ).toBe('REASON_REQUIRED');
    });

    it('is a no-op once moved, and a conflict when the LLE is not where the mover thought', () => {
      const moved: LLEDesignationEvent = {
        type: 'LLEMovedBetweenClusters',
        data: {
          lleId,
          fromClusterId: 'cluster-1',
          toClusterId: 'cluster-2',
          reason: 'x',
          movedOn: '2027-09-01',
        },
      };
      expect(
        given(lleDesignationDecider, designated, assigned, moved).when(move(), toCluster2).events,
      ).toEqual([]);
      const { error } = given(lleDesignationDecider, designated, assigned, moved).when(
        move({ fromClusterId: 'cluster-1', toClusterId: 'cluster-3' }),
        { ...context, cluster: { clusterId: 'cluster-3', alliance: 'CATSA' } },
      );
      expect(error).toMatchObject({ code: 'LLE_NOT_IN_CLUSTER', kind: 'conflict' });
    });

    it('leaves the cluster when the designation ends', () => {
      expect(lleFacts(fold(lleDesignationDecider, [designated, assigned]))?.clusterId).toBe('cluster-1');
      expect(lleFacts(fold(lleDesignationDecider, [designated, assigned, ended]))?.clusterId).toBeUndefined();
    });
  });
});
