import { fold } from '../shared/decider';
import { given } from '../testing/decider-specification';
import type {
  AmendApplication,
  ApplicationContext,
  AssessPartB,
  ReassessStage,
  RecordPanelDecision,
  ReviewReference,
  SubmitApplication,
  VerifyPartA,
} from './application.commands';
import { applicationDecider } from './application.decider';
import type { ApplicationEvent, AssessmentStage, PanelDecision } from './application.events';
import { applicationSummary } from './application.state';
import { ELIGIBILITY_CRITERIA, type EligibilityCriterion, type PrecheckResult } from './eligibility-rules';
import { REFEREE_KINDS } from './referee-kinds';
import { DEFAULT_RECRUITMENT_RULES } from './recruitment-rules';
import {
  content,
  context,
  designatedApplication,
  DURING_ROUND,
  eligiblePartA,
  ids,
  metadata,
  round,
  SCHOOL_URN,
} from './recruitment.fixtures';

const applicationId = ids.application;

const submit = (data: Partial<SubmitApplication['data']> = {}, now = DURING_ROUND): SubmitApplication => ({
  type: 'SubmitApplication',
  data: {
    applicationId,
    roundId: ids.round,
    applicantId: ids.applicant,
    alliance: 'CATSA',
    ...content,
    ...data,
  },
  metadata: metadata(now, ids.applicant, 'admin'),
});

const [
  submitted,
  partAVerified,
  assessedByTwo,
  assessedByThree,
  partBCompleted,
  referenceReviewed,
  designated,
] = designatedApplication() as [
  ApplicationEvent,
  ApplicationEvent,
  ApplicationEvent,
  ApplicationEvent,
  ApplicationEvent,
  ApplicationEvent,
  ApplicationEvent,
];
const upToPartB = [submitted, partAVerified, assessedByTwo, assessedByThree, partBCompleted];
const upToReference = [...upToPartB, referenceReviewed];

const verdicts = (
  change: Partial<Record<EligibilityCriterion, { verdict: PrecheckResult; overruleReason?: string }>> = {},
): VerifyPartA['data']['verdicts'] =>
  ELIGIBILITY_CRITERIA.map((criterion) => ({
    criterion,
    verdict: 'met',
    evidenceNote: 'checked',
    ...change[criterion],
  }));

const verify = (data = verdicts(), subject = 'assessor-1'): VerifyPartA => ({
  type: 'VerifyPartA',
  data: { applicationId, verdicts: data },
  metadata: metadata('2027-02-15T10:00:00Z', subject),
});
const assess = (subject: string, score = 3, comment = 'Strong'): AssessPartB => ({
  type: 'AssessPartB',
  data: {
    applicationId,
    scores: [
      { area: 'impact', score },
      { area: 'coaching', score: 4 },
    ],
    comment,
  },
  metadata: metadata('2027-02-20T10:00:00Z', subject),
});
const review = (notes = 'The referee commits to deploying the applicant'): ReviewReference => ({
  type: 'ReviewReference',
  data: { applicationId, supportsApplication: true, commitsToDeploying: true, notes },
  metadata: metadata('2027-02-25T10:00:00Z'),
});
const decide = (
  decision: PanelDecision,
  reasons = 'Meets every criterion; strong Part B',
): RecordPanelDecision => ({
  type: 'RecordPanelDecision',
  data: { applicationId, decision, reasons },
  metadata: metadata('2027-03-10T10:00:00Z', 'panel-1', 'panel'),
});
const reassess = (stage: AssessmentStage, reason = 'Evidence of headship was a forgery'): ReassessStage => ({
  type: 'ReassessStage',
  data: { applicationId, stage, reason },
  metadata: metadata('2027-03-12T10:00:00Z', 'assessor-9'),
});

describe('applications', () => {
  describe('SubmitApplication', () => {
    it('records the application with the pre-check the system proposes', () => {
      const { events } = given(applicationDecider).when(submit(), context);
      expect(events).toHaveLength(1);
      expect(events?.[0]).toMatchObject({
        type: 'ApplicationSubmitted',
        data: {
          applicationId,
          roundId: ids.round,
          applicantId: ids.applicant,
          alliance: 'CATSA',
          schoolUrn: SCHOOL_URN,
          referee: { refereeId: ids.referee, kind: 'teaching_school_headteacher' },
          submittedOn: '2027-01-20',
        },
      });
      const [event] = events ?? [];
      const precheck = event?.type === 'ApplicationSubmitted' ? event.data.precheck : [];
      expect(precheck.map((check) => [check.criterion, check.result])).toEqual(
        ELIGIBILITY_CRITERIA.map((criterion) => [criterion, 'met']),
      );
    });

    it('records an applicant working towards a criterion as such', () => {
      const partA = {
        ...eligiblePartA,
        coaching: { othersCoached: 0, evidence: '' },
        workingTowards: [
          { criterion: 'COACHING_EXPERIENCE' as const, note: 'Starting with a new head in March' },
        ],
      };
      const { events } = given(applicationDecider).when(submit({ partA }), context);
      const [event] = events ?? [];
      expect(event?.type === 'ApplicationSubmitted' && event.data.precheck[4]).toMatchObject({
        criterion: 'COACHING_EXPERIENCE',
        result: 'working_towards',
      });
    });

    it('keeps names and contact details out of the event: people appear by person id only', () => {
      const withExtras = submit({
        referee: { refereeId: ids.referee, kind: 'teaching_school_headteacher', name: 'Jo Gent' } as never,
      });
      const { events } = given(applicationDecider).when(withExtras, context);
      expect(JSON.stringify(events)).not.toContain('Jo Gent');
    });

    it.each(REFEREE_KINDS)('accepts a reference from a %s', (kind) => {
      const outcome = given(applicationDecider).when(
        submit({ referee: { refereeId: ids.referee, kind } }),
        context,
      );
      expect(outcome.events).toHaveLength(1);
    });

    it.each(['headteacher', 'chair_of_governors', 'mp'])('refuses a reference from a %s', (kind) => {
      const referee = { refereeId: ids.referee, kind } as unknown as SubmitApplication['data']['referee'];
      const { error } = given(applicationDecider).when(submit({ referee }), context);
      expect(error).toMatchObject({ code: 'REFEREE_NOT_ELIGIBLE', kind: 'rule' });
    });

    it('refuses an applicant as their own referee', () => {
      const referee = { refereeId: ids.applicant, kind: 'teaching_school_headteacher' as const };
      expect(given(applicationDecider).when(submit({ referee }), context).error?.code).toBe(
        'REFEREE_NOT_ELIGIBLE',
      );
    });

    it.each([
      ['before the round opens', '2027-01-10T12:00:00Z', /opens on 2027-01-11/],
      ['after it closes', '2027-02-13T09:00:00Z', /closed on 2027-02-12/],
      ['the evening before it opens, in England', '2027-01-10T23:59:00Z', /opens on 2027-01-11/],
    ])('refuses an application %s', (_, now, message) => {
      const { error } = given(applicationDecider).when(submit({}, now), context);
      expect(error).toMatchObject({ code: 'ROUND_NOT_OPEN', kind: 'rule' });
      expect(error?.message).toMatch(message);
    });

    it('takes an application on the last day of the round, in England', () => {
      expect(given(applicationDecider).when(submit({}, '2027-02-12T23:30:00Z'), context).events).toHaveLength(
        1,
      );
    });

    it('refuses an application in a round closed early', () => {
      const closed = { ...context, round: { ...round, closedEarlyOn: '2027-01-18' } };
      const { error } = given(applicationDecider).when(submit(), closed);
      expect(error?.code).toBe('ROUND_NOT_OPEN');
      expect(error?.message).toMatch(/closed early on 2027-01-18/);
    });

    it('refuses a round that does not exist, or is run by another alliance', () => {
      expect(given(applicationDecider).when(submit(), { ...context, round: undefined }).error?.code).toBe(
        'UNKNOWN_ROUND',
      );
      expect(given(applicationDecider).when(submit({ alliance: 'CASSA' }), context).error?.code).toBe(
        'ROUND_OF_ANOTHER_ALLIANCE',
      );
    });

    it('refuses a second live application by the same applicant in the round', () => {
      const { error } = given(applicationDecider).when(submit(), {
        ...context,
        liveApplicationIds: ['app-0'],
      });
      expect(error).toMatchObject({ code: 'APPLICATION_ALREADY_LIVE', kind: 'rule' });
      expect(error?.details).toEqual({ applicationIds: ['app-0'] });
    });

    it('does not count the application itself as another live one', () => {
      const outcome = given(applicationDecider).when(submit(), {
        ...context,
        liveApplicationIds: [applicationId],
      });
      expect(outcome.events).toHaveLength(1);
    });

    it('refuses a school the system does not know, or one that is closed', () => {
      expect(given(applicationDecider).when(submit(), { ...context, school: undefined }).error?.code).toBe(
        'UNKNOWN_SCHOOL',
      );
      const closed = { ...context, school: { urn: SCHOOL_URN, status: 'Closed' } };
      expect(given(applicationDecider).when(submit(), closed).error?.code).toBe('SCHOOL_NOT_OPEN');
    });

    it('needs a note for each criterion the applicant is working towards', () => {
      const partA = { ...eligiblePartA, workingTowards: [{ criterion: 'STAY_2_YEARS' as const, note: '' }] };
      expect(given(applicationDecider).when(submit({ partA }), context).error?.code).toBe(
        'WORKING_TOWARDS_NOTE_REQUIRED',
      );
    });

    it('refuses Part A that cannot be right, and an empty Part B', () => {
      const partA = { ...eligiblePartA, expectedStay: { years: -2, evidence: '' } };
      expect(given(applicationDecider).when(submit({ partA }), context).error?.code).toBe('PART_A_INVALID');
      expect(given(applicationDecider).when(submit({ partB: [] }), context).error?.code).toBe(
        'PART_B_INVALID',
      );
    });

    it('is a no-op when the same application is submitted again, even once the round has closed', () => {
      expect(given(applicationDecider, submitted).when(submit(), context).events).toEqual([]);
      expect(
        given(applicationDecider, submitted).when(submit({}, '2027-03-01T10:00:00Z'), context).events,
      ).toEqual([]);
    });

    it('refuses a different application under the same id as a conflict', () => {
      const { error } = given(applicationDecider, submitted).when(submit({ schoolUrn: 100000 }), context);
      expect(error).toMatchObject({ code: 'APPLICATION_ALREADY_EXISTS', kind: 'conflict' });
    });
  });

  describe('AmendApplication', () => {
    const amend = (data: Partial<AmendApplication['data']>, now = DURING_ROUND): AmendApplication => ({
      type: 'AmendApplication',
      data: { applicationId, ...content, ...data },
      metadata: metadata(now, ids.applicant, 'admin'),
    });
    const stayingOneYear = { ...eligiblePartA, expectedStay: { years: 1, evidence: 'Retiring' } };

    it('replaces the content and the pre-check before verification starts', () => {
      const { events } = given(applicationDecider, submitted).when(amend({ partA: stayingOneYear }), context);
      expect(events?.[0]).toMatchObject({
        type: 'ApplicationAmended',
        data: { applicationId, partA: stayingOneYear, amendedOn: '2027-01-20' },
      });
      const [event] = events ?? [];
      expect(event?.type === 'ApplicationAmended' && event.data.precheck[1]).toMatchObject({
        criterion: 'STAY_2_YEARS',
        result: 'not_met',
      });
    });

    it('changes nothing when the content is the same', () => {
      expect(given(applicationDecider, submitted).when(amend({}), context).events).toEqual([]);
    });

    it('refuses once verification has started', () => {
      const { error } = given(applicationDecider, submitted, partAVerified).when(
        amend({ partA: stayingOneYear }),
        context,
      );
      expect(error?.code).toBe('APPLICATION_UNDER_ASSESSMENT');
    });

    it('refuses once the round has closed', () => {
      const { error } = given(applicationDecider, submitted).when(
        amend({ partA: stayingOneYear }, '2027-02-13T10:00:00Z'),
        context,
      );
      expect(error?.code).toBe('ROUND_NOT_OPEN');
    });

    it('refuses an ineligible referee here too', () => {
      const referee = {
        refereeId: ids.referee,
        kind: 'parent',
      } as unknown as AmendApplication['data']['referee'];
      expect(given(applicationDecider, submitted).when(amend({ referee }), context).error?.code).toBe(
        'REFEREE_NOT_ELIGIBLE',
      );
    });

    it('says an application that does not exist is not found', () => {
      expect(given(applicationDecider).when(amend({}), context).error).toMatchObject({
        code: 'APPLICATION_NOT_FOUND',
        kind: 'not_found',
      });
    });
  });

  describe('WithdrawApplication', () => {
    const withdraw = {
      type: 'WithdrawApplication' as const,
      data: { applicationId },
      metadata: metadata('2027-02-01T10:00:00Z', ids.applicant, 'admin'),
    };
    const withdrawn: ApplicationEvent = {
      type: 'ApplicationWithdrawn',
      data: { applicationId, withdrawnOn: '2027-02-01' },
    };

    it('withdraws a live application, which is then no longer live', () => {
      expect(given(applicationDecider, submitted, partAVerified).when(withdraw, context).events).toEqual([
        withdrawn,
      ]);
      expect(applicationSummary(fold(applicationDecider, [submitted, withdrawn]))?.status).toBe('withdrawn');
    });

    it('is a no-op the second time', () => {
      expect(given(applicationDecider, submitted, withdrawn).when(withdraw, context).events).toEqual([]);
    });

    it('refuses once the panel has decided', () => {
      const { error } = given(applicationDecider, ...upToReference, designated).when(withdraw, context);
      expect(error?.code).toBe('APPLICATION_ALREADY_DECIDED');
    });

    it('stops every stage once withdrawn', () => {
      expect(given(applicationDecider, submitted, withdrawn).when(verify(), context).error?.code).toBe(
        'APPLICATION_WITHDRAWN',
      );
    });
  });

  describe('stage 1: VerifyPartA', () => {
    it('records each criterion with what was proposed, what was found, and who verified it when', () => {
      const { events } = given(applicationDecider, submitted).when(verify(), context);
      expect(events).toEqual([
        {
          type: 'PartAVerified',
          data: {
            applicationId,
            verdicts: ELIGIBILITY_CRITERIA.map((criterion) => ({
              criterion,
              proposed: 'met',
              verdict: 'met',
              evidenceNote: 'checked',
            })),
            verifiedBy: 'assessor-1',
            verifiedOn: '2027-02-15',
          },
        },
      ]);
    });

    it('needs every criterion', () => {
      const { error } = given(applicationDecider, submitted).when(verify(verdicts().slice(1)), context);
      expect(error).toMatchObject({
        code: 'VERIFICATION_INCOMPLETE',
        details: { missing: ['HEADSHIP_3_YEARS'] },
      });
    });

    it('needs a reason to overrule the pre-check', () => {
      const overruled = verdicts({ STAY_2_YEARS: { verdict: 'not_met' } });
      expect(given(applicationDecider, submitted).when(verify(overruled), context).error?.code).toBe(
        'OVERRULE_REASON_REQUIRED',
      );
      const withReason = verdicts({
        STAY_2_YEARS: { verdict: 'not_met', overruleReason: 'Governors confirm retirement next year' },
      });
      const { events } = given(applicationDecider, submitted).when(verify(withReason), context);
      const [event] = events ?? [];
      expect(event?.type === 'PartAVerified' && event.data.verdicts[1]).toEqual({
        criterion: 'STAY_2_YEARS',
        proposed: 'met',
        verdict: 'not_met',
        evidenceNote: 'checked',
        overruleReason: 'Governors confirm retirement next year',
      });
    });

    it('is a no-op when the same verification is recorded again', () => {
      expect(given(applicationDecider, submitted, partAVerified).when(verify(), context).events).toEqual([]);
    });

    it('refuses a second, different verification without a reassessment', () => {
      const different = verdicts({
        COMMITS_TO_TIME: { verdict: 'not_met', overruleReason: 'Withdrew commitment' },
      });
      const { error } = given(applicationDecider, submitted, partAVerified).when(verify(different), context);
      expect(error).toMatchObject({ code: 'STAGE_ALREADY_RECORDED', kind: 'rule' });
    });
  });

  describe('stage 2: AssessPartB', () => {
    it('refuses an assessment before Part A is verified', () => {
      const { error } = given(applicationDecider, submitted).when(assess('assessor-2'), context);
      expect(error).toMatchObject({
        code: 'STAGE_OUT_OF_ORDER',
        kind: 'rule',
        details: { missing: ['part_a'] },
      });
    });

    it('records one assessor, and completes the stage with the second', () => {
      const first = given(applicationDecider, submitted, partAVerified).when(assess('assessor-2'), context);
      expect(first.events).toEqual([assessedByTwo]);
      const second = given(applicationDecider, submitted, partAVerified, assessedByTwo).when(
        assess('assessor-3'),
        context,
      );
      expect(second.events).toEqual([assessedByThree, partBCompleted]);
    });

    it('needs as many assessors as configured', () => {
      const three: ApplicationContext = {
        ...context,
        rules: {
          ...DEFAULT_RECRUITMENT_RULES,
          assessment: { ...DEFAULT_RECRUITMENT_RULES.assessment, minimumPartBAssessors: 3 },
        },
      };
      const outcome = given(applicationDecider, submitted, partAVerified, assessedByTwo).when(
        assess('assessor-3'),
        three,
      );
      expect(outcome.events).toEqual([assessedByThree]);
      const review_ = given(
        applicationDecider,
        submitted,
        partAVerified,
        assessedByTwo,
        assessedByThree,
      ).when(review(), three);
      expect(review_.error?.code).toBe('STAGE_OUT_OF_ORDER');
    });

    it('does not let one assessor count twice', () => {
      const { error } = given(applicationDecider, submitted, partAVerified, assessedByTwo).when(
        assess('assessor-2', 1),
        context,
      );
      expect(error?.code).toBe('ASSESSOR_ALREADY_ASSESSED');
    });

    it('is a no-op when an assessor’s assessment is sent again, even the one that completed the stage', () => {
      expect(
        given(applicationDecider, submitted, partAVerified, assessedByTwo).when(assess('assessor-2'), context)
          .events,
      ).toEqual([]);
      expect(given(applicationDecider, ...upToPartB).when(assess('assessor-3'), context).events).toEqual([]);
    });

    it('refuses a third assessor once the stage is complete', () => {
      expect(given(applicationDecider, ...upToPartB).when(assess('assessor-4'), context).error?.code).toBe(
        'STAGE_ALREADY_RECORDED',
      );
    });

    it.each([
      [
        'a score off the scale',
        [
          { area: 'impact', score: 5 },
          { area: 'coaching', score: 4 },
        ],
      ],
      ['a missing area', [{ area: 'impact', score: 3 }]],
      [
        'an area Part B does not have',
        [
          { area: 'impact', score: 3 },
          { area: 'coaching', score: 3 },
          { area: 'x', score: 3 },
        ],
      ],
      [
        'a fractional score',
        [
          { area: 'impact', score: 2.5 },
          { area: 'coaching', score: 4 },
        ],
      ],
    ])('refuses %s', (_, scores) => {
      const command = { ...assess('assessor-2'), data: { applicationId, scores, comment: 'ok' } };
      expect(given(applicationDecider, submitted, partAVerified).when(command, context).error?.code).toBe(
        'PART_B_SCORES_INVALID',
      );
    });

    it('needs a comment', () => {
      expect(
        given(applicationDecider, submitted, partAVerified).when(assess('assessor-2', 3, ' '), context).error
          ?.code,
      ).toBe('ASSESSMENT_COMMENT_REQUIRED');
    });
  });

  describe('stage 3: ReviewReference', () => {
    it('records the review once Part B is assessed', () => {
      expect(given(applicationDecider, ...upToPartB).when(review(), context).events).toEqual([
        referenceReviewed,
      ]);
    });

    it('refuses a review while Part B still waits for its second assessor', () => {
      const { error } = given(applicationDecider, submitted, partAVerified, assessedByTwo).when(
        review(),
        context,
      );
      expect(error).toMatchObject({ code: 'STAGE_OUT_OF_ORDER', details: { missing: ['part_b'] } });
    });

    it('needs notes of what was found', () => {
      expect(given(applicationDecider, ...upToPartB).when(review(''), context).error?.code).toBe(
        'REVIEW_NOTES_REQUIRED',
      );
    });
  });

  describe('stage 4: RecordPanelDecision', () => {
    it('records the decision with its reasons once the other three stages are on record', () => {
      expect(given(applicationDecider, ...upToReference).when(decide('designate'), context).events).toEqual([
        designated,
      ]);
    });

    it('refuses a decision before the reference is reviewed', () => {
      const { error } = given(applicationDecider, ...upToPartB).when(decide('designate'), context);
      expect(error).toMatchObject({ code: 'STAGE_OUT_OF_ORDER', details: { missing: ['reference'] } });
    });

    it('needs reasons', () => {
      expect(
        given(applicationDecider, ...upToReference).when(decide('decline', ''), context).error?.code,
      ).toBe('REASON_REQUIRED');
    });

    it('refuses to designate while Part A verification found a criterion not met', () => {
      const notMet: ApplicationEvent = {
        type: 'PartAVerified',
        data: {
          applicationId,
          verdicts: ELIGIBILITY_CRITERIA.map((criterion) => ({
            criterion,
            proposed: 'met',
            verdict: criterion === 'HEADSHIP_3_YEARS' ? 'working_towards' : 'met',
            evidenceNote: 'checked',
            ...(criterion === 'HEADSHIP_3_YEARS' ? { overruleReason: 'Acting head for the first year' } : {}),
          })),
          verifiedBy: 'assessor-1',
          verifiedOn: '2027-02-15',
        },
      };
      const past = [submitted, notMet, ...upToReference.slice(2)];
      const { error } = given(applicationDecider, ...past).when(decide('designate'), context);
      expect(error).toMatchObject({
        code: 'ELIGIBILITY_NOT_MET',
        details: { criteria: ['HEADSHIP_3_YEARS'] },
      });
      expect(given(applicationDecider, ...past).when(decide('defer'), context).events).toHaveLength(1);
    });

    it('takes a later decision after a deferral', () => {
      const deferred: ApplicationEvent = {
        type: 'PanelDecisionRecorded',
        data: {
          applicationId,
          decision: 'defer',
          reasons: 'Await the May results',
          decidedBy: 'panel-1',
          decidedOn: '2027-03-10',
        },
      };
      expect(
        given(applicationDecider, ...upToReference, deferred).when(decide('designate'), context).events,
      ).toEqual([designated]);
      expect(
        given(applicationDecider, ...upToReference, deferred).when(
          decide('defer', 'Await the May results'),
          context,
        ).events,
      ).toEqual([]);
    });

    it('refuses a second decision without a reassessment, but not the same one again', () => {
      const past = [...upToReference, designated];
      expect(
        given(applicationDecider, ...past).when(decide('decline', 'Changed our minds'), context).error?.code,
      ).toBe('STAGE_ALREADY_RECORDED');
      expect(given(applicationDecider, ...past).when(decide('designate'), context).events).toEqual([]);
    });
  });

  describe('ReassessStage', () => {
    const reopenedPartA: ApplicationEvent = {
      type: 'AssessmentStageReopened',
      data: {
        applicationId,
        stage: 'part_a',
        reopened: ['part_a', 'part_b', 'reference', 'panel'],
        reason: 'Evidence of headship was a forgery',
        reopenedBy: 'assessor-9',
        reopenedOn: '2027-03-12',
      },
    };

    it('reopens the stage and every later one on record, with a reason', () => {
      expect(
        given(applicationDecider, ...upToReference, designated).when(reassess('part_a'), context).events,
      ).toEqual([reopenedPartA]);
      const { events } = given(applicationDecider, ...upToPartB).when(
        reassess('part_b', 'Scores mixed up'),
        context,
      );
      expect(events?.[0]).toMatchObject({ data: { stage: 'part_b', reopened: ['part_b'] } });
    });

    it('lets the stage be done again, and the later ones only after it', () => {
      const past = [...upToReference, designated, reopenedPartA];
      expect(given(applicationDecider, ...past).when(verify(), context).events).toHaveLength(1);
      expect(given(applicationDecider, ...past).when(assess('assessor-2'), context).error?.code).toBe(
        'STAGE_OUT_OF_ORDER',
      );
      const summary = applicationSummary(fold(applicationDecider, past));
      expect(summary).toMatchObject({ status: 'in_assessment', stagesOnRecord: [] });
      expect(summary?.panelDecision).toBeUndefined();
    });

    it('reopens Part B with all its assessments', () => {
      const reopened: ApplicationEvent = {
        type: 'AssessmentStageReopened',
        data: { ...reopenedPartA.data, stage: 'part_b', reopened: ['part_b', 'reference'] } as never,
      };
      const past = [...upToReference, reopened];
      expect(given(applicationDecider, ...past).when(assess('assessor-2'), context).events).toEqual([
        assessedByTwo,
      ]);
    });

    it('is a no-op when sent again', () => {
      const past = [...upToReference, designated, reopenedPartA];
      expect(given(applicationDecider, ...past).when(reassess('part_a'), context).events).toEqual([]);
    });

    it('reopens a declined application only if the applicant has not applied again in the round', () => {
      const declined: ApplicationEvent = {
        ...designated,
        data: { ...(designated.data as object), decision: 'decline' },
      } as ApplicationEvent;
      const past = [...upToReference, declined];
      const reopen = reassess('panel', 'The panel had the wrong reference');
      expect(given(applicationDecider, ...past).when(reopen, context).events).toHaveLength(1);
      const { error } = given(applicationDecider, ...past).when(reopen, {
        ...context,
        liveApplicationIds: ['application-applied-since'],
      });
      expect(error).toMatchObject({
        code: 'APPLICATION_ALREADY_LIVE',
        details: { applicationIds: ['application-applied-since'] },
      });
    });

    it('needs a reason, and a stage on record', () => {
      expect(given(applicationDecider, ...upToPartB).when(reassess('part_b', ''), context).error?.code).toBe(
        'REASON_REQUIRED',
      );
      expect(given(applicationDecider, ...upToPartB).when(reassess('reference'), context).error?.code).toBe(
        'STAGE_NOT_RECORDED',
      );
    });
  });

  describe('summary for DesignateLLE', () => {
    it('lists the stages on record and the panel decision', () => {
      expect(applicationSummary(fold(applicationDecider, [...upToReference, designated]))).toEqual({
        applicationId,
        applicantId: ids.applicant,
        roundId: ids.round,
        alliance: 'CATSA',
        schoolUrn: SCHOOL_URN,
        status: 'approved',
        stagesOnRecord: ['part_a', 'part_b', 'reference', 'panel'],
        panelDecision: 'designate',
        panelDecidedOn: '2027-03-10',
      });
    });
  });
});
