import {
  applicationStreamId,
  clusterStreamId,
  ELIGIBILITY_CRITERIA,
  lleDesignationStreamId,
  personStreamId,
  systemLeaderStreamId,
  type AllianceCode,
  type ApplicationEvent,
  type ApplicationContent,
  type AssessmentStage,
  type ClusterEvent,
  type EligibilityCriterion,
  type LLEDesignationEvent,
  type LocalDate,
  type PanelDecision,
  type PartA,
  type PersonalDataErased,
  type Role,
  type SystemLeaderEvent,
} from '@lle/domain';

/**
 * Test data for the recruitment read-model specs (not exported from the library): the events of a few
 * applications and designations in the shapes the deciders write them, free text sealed as the edge seals
 * it, for appendAll (from @lle/test-support) to write to a real store.
 */
type RecruitmentEvent =
  ApplicationEvent | LLEDesignationEvent | ClusterEvent | SystemLeaderEvent | PersonalDataErased;

export interface Appended {
  readonly streamId: string;
  readonly events: readonly RecruitmentEvent[];
  /** Who did it: the subject of their token. */
  readonly actor?: { readonly subject: string; readonly role: Role };
}

/** What the edge writes in place of free text: sealed with the applicant's key (here, only shaped like it). */
export function sealed(text: string): string {
  return `pd1:aXYxMjM0NTY3ODk=:${Buffer.from(text).toString('base64')}:dGFnMTIzNDU2Nzg5MA==`;
}

export const URN = 136512;

export const partA: PartA = {
  headship: { headteacherSince: '2019-09-01', evidence: sealed('Appointed head September 2019') },
  expectedStay: { years: 3, evidence: sealed('Succession plan') },
  accountability: { schoolUrns: [URN], evidence: sealed('Head of one school') },
  support: {
    governingBody: true,
    localAuthority: true,
    seniorEducationalProfessional: false,
    evidence: sealed('Minutes of the governing body'),
  },
  coaching: { othersCoached: 1, evidence: sealed('Mentored one new head') },
  timeCommitment: { commits: true, evidence: '' },
  inspection: {
    latest: { framework: 'single-word-grade', outcome: 'good', inspectedOn: '2023-05-10' },
    evidence: sealed('Report of May 2023'),
  },
  pupilPerformance: {
    trend: 'continued_improvement',
    academicYears: ['2023/24', '2024/25', '2025/26'],
    evidence: sealed('KS2 results'),
  },
  minimumStandards: { above: true, evidence: sealed('Performance tables') },
  seniorLeaders: { experiencedWithCapacity: true, evidence: sealed('Deputy and two assistant heads') },
  workingTowards: [{ criterion: 'COACHING_EXPERIENCE', note: sealed('Mentoring a second head this year') }],
};

/** The pre-check proposes working towards coaching (one head coached of the two asked), met otherwise. */
const proposed = (criterion: EligibilityCriterion): 'met' | 'working_towards' =>
  criterion === 'COACHING_EXPERIENCE' ? 'working_towards' : 'met';

function content(refereeId: string, impact = 'How my leadership raised standards'): ApplicationContent {
  return {
    schoolUrn: URN,
    partA,
    partB: [
      { area: 'impact', text: sealed(impact) },
      { area: 'coaching', text: sealed('How I coach other heads') },
    ],
    referee: { refereeId, kind: 'teaching_school_headteacher' },
  };
}

const precheck = ELIGIBILITY_CRITERIA.map((criterion) => ({
  criterion,
  result: proposed(criterion),
  basis: `rule for ${criterion}`,
}));

export function submitted(
  applicationId: string,
  facts: {
    roundId: string;
    alliance: AllianceCode;
    applicantId: string;
    refereeId: string;
    submittedOn: LocalDate;
  },
): ApplicationEvent {
  const { roundId, alliance, applicantId, refereeId, submittedOn } = facts;
  return {
    type: 'ApplicationSubmitted',
    data: {
      applicationId,
      roundId,
      applicantId,
      alliance,
      ...content(refereeId),
      precheck,
      submittedOn,
    },
  };
}

/** Another referee, and Part B's impact section rewritten. */
export function amended(applicationId: string, refereeId: string, amendedOn: LocalDate): ApplicationEvent {
  return {
    type: 'ApplicationAmended',
    data: {
      applicationId,
      ...content(refereeId, 'Amended: how my leadership raised standards'),
      precheck,
      amendedOn,
    },
  };
}

export function partAVerified(applicationId: string, verifiedOn: LocalDate): ApplicationEvent {
  return {
    type: 'PartAVerified',
    data: {
      applicationId,
      verdicts: ELIGIBILITY_CRITERIA.map((criterion) =>
        proposed(criterion) === 'met'
          ? { criterion, proposed: 'met', verdict: 'met', evidenceNote: sealed(`checked ${criterion}`) }
          : {
              criterion,
              proposed: proposed(criterion),
              verdict: 'met',
              evidenceNote: sealed('LA programme records'),
              overruleReason: sealed('The second mentoring has since finished'),
            },
      ),
      verifiedBy: 'assessor-1',
      verifiedOn,
    },
  };
}

export function partBAssessed(
  applicationId: string,
  assessedBy: string,
  assessedOn: LocalDate,
): ApplicationEvent {
  return {
    type: 'PartBAssessed',
    data: {
      applicationId,
      scores: [
        { area: 'impact', score: 3 },
        { area: 'coaching', score: 4 },
      ],
      comment: sealed(`Comment of ${assessedBy}`),
      assessedBy,
      assessedOn,
    },
  };
}

export function partBCompleted(
  applicationId: string,
  assessors: string[],
  completedOn: LocalDate,
): ApplicationEvent {
  return {
    type: 'PartBAssessmentCompleted',
    data: { applicationId, assessors, minimumAssessors: 2, completedOn },
  };
}

export function referenceReviewed(applicationId: string, reviewedOn: LocalDate): ApplicationEvent {
  return {
    type: 'ReferenceReviewed',
    data: {
      applicationId,
      supportsApplication: true,
      commitsToDeploying: true,
      notes: sealed('The referee commits to deploying the applicant'),
      reviewedBy: 'assessor-1',
      reviewedOn,
    },
  };
}

export function panelDecided(
  applicationId: string,
  decision: PanelDecision,
  decidedOn: LocalDate,
): ApplicationEvent {
  return {
    type: 'PanelDecisionRecorded',
    data: { applicationId, decision, reasons: sealed(`Panel: ${decision}`), decidedBy: 'panel-1', decidedOn },
  };
}

export function reopened(
  applicationId: string,
  stage: AssessmentStage,
  stages: AssessmentStage[],
  reopenedOn: LocalDate,
): ApplicationEvent {
  return {
    type: 'AssessmentStageReopened',
    data: {
      applicationId,
      stage,
      reopened: stages,
      reason: sealed('An assessor had a conflict of interest'),
      reopenedBy: 'assessor-1',
      reopenedOn,
    },
  };
}

export function erased(personId: string): Appended {
  return {
    streamId: personStreamId(personId),
    events: [{ type: 'PersonalDataErased', data: { personId, reason: 'request of the person' } }],
    actor: { subject: 'admin-1', role: 'admin' },
  };
}

const assessor = { subject: 'assessor-1', role: 'assessor' } as const;
const broker = { subject: 'broker-1', role: 'broker' } as const;
const admin = { subject: 'admin-1', role: 'admin' } as const;

/** Every stage of an application up to the panel's decision. */
function throughPanel(applicationId: string, decision: PanelDecision, month: string): ApplicationEvent[] {
  return [
    partAVerified(applicationId, `2027-${month}-15`),
    partBAssessed(applicationId, 'assessor-2', `2027-${month}-20`),
    partBAssessed(applicationId, 'assessor-3', `2027-${month}-20`),
    partBCompleted(applicationId, ['assessor-2', 'assessor-3'], `2027-${month}-20`),
    referenceReviewed(applicationId, `2027-${month}-25`),
    panelDecided(applicationId, decision, `2027-${month}-28`),
  ];
}

/**
 * app-a: designated. app-b: amended (another referee), then Part B reassessed after the reference was
 * reviewed, one new assessment since. app-c: withdrawn. app-e: deferred by the panel. Then applicant-1 and
 * referee-3 are erased, and app-d names referee-3 after that.
 */
export function applicationsScenario(round1: string, round2: string): Appended[] {
  const catsa = { roundId: round1, alliance: 'CATSA' } as const;
  const cassa = { roundId: round2, alliance: 'CASSA' } as const;
  const b = 'app-b';
  return [
    {
      streamId: applicationStreamId('app-a'),
      events: [
        submitted('app-a', {
          ...catsa,
          applicantId: 'applicant-1',
          refereeId: 'referee-1',
          submittedOn: '2027-01-20',
        }),
      ],
      actor: broker,
    },
    {
      streamId: applicationStreamId('app-a'),
      events: throughPanel('app-a', 'designate', '02'),
      actor: assessor,
    },
    {
      streamId: applicationStreamId(b),
      events: [
        submitted(b, {
          ...catsa,
          applicantId: 'applicant-2',
          refereeId: 'referee-2',
          submittedOn: '2027-01-18',
        }),
        amended(b, 'referee-3', '2027-01-19'),
      ],
      actor: broker,
    },
    {
      streamId: applicationStreamId(b),
      events: [
        ...throughPanel(b, 'designate', '02').slice(0, 5),
        reopened(b, 'part_b', ['part_b', 'reference'], '2027-03-01'),
        partBAssessed(b, 'assessor-4', '2027-03-02'),
      ],
      actor: assessor,
    },
    {
      streamId: applicationStreamId('app-c'),
      events: [
        submitted('app-c', {
          ...cassa,
          applicantId: 'applicant-3',
          refereeId: 'referee-1',
          submittedOn: '2027-01-25',
        }),
        { type: 'ApplicationWithdrawn', data: { applicationId: 'app-c', withdrawnOn: '2027-01-30' } },
      ],
      actor: broker,
    },
    {
      streamId: applicationStreamId('app-e'),
      events: [
        submitted('app-e', {
          ...catsa,
          applicantId: 'applicant-4',
          refereeId: 'referee-2',
          submittedOn: '2027-01-22',
        }),
        ...throughPanel('app-e', 'defer', '03'),
      ],
      actor: assessor,
    },
    erased('applicant-1'),
    erased('referee-3'),
    {
      streamId: applicationStreamId('app-d'),
      events: [
        submitted('app-d', {
          ...cassa,
          applicantId: 'applicant-5',
          refereeId: 'referee-3',
          submittedOn: '2027-01-26',
        }),
      ],
      actor: admin,
    },
  ];
}

const competencies = [
  { competencyId: 'coaching', name: 'Coaching and mentoring' },
  { competencyId: 'impact', name: 'Evaluating impact' },
];

function designated(
  lleId: string,
  alliance: AllianceCode,
  from: LocalDate,
  applicationId = `app-of-${lleId}`,
): LLEDesignationEvent {
  return {
    type: 'LLEDesignated',
    data: {
      lleId,
      applicationId,
      alliance,
      schoolUrn: URN,
      from,
      reviewOn: '2030-03-31',
      daysPerAcademicYear: 12,
      designatedOn: '2027-03-20',
    },
  };
}

/**
 * NLEs nle-1 (CATSA, also an NLG), nle-2 (CATSA), nle-3 (CASSA); nlg-2 recorded and ended; sle-1 recorded,
 * ended and recorded again. Clusters c1, c2 (CATSA), c3 (CASSA). lle-1: in c1, suspended, reinstated, moved
 * to c2. lle-2: in c1, ended, designated again. lle-3: in c3. lle-4: in c3, suspended. Then lle-3 and nle-1
 * are erased, and nle-1 forms cluster c4.
 */
export function designationsScenario(): Appended[] {
  const leader = (personId: string, role: 'NLE' | 'SLE' | 'NLG', alliance?: AllianceCode): Appended => ({
    streamId: systemLeaderStreamId(role, personId),
    events: [
      {
        type: 'SystemLeaderRecorded',
        data: {
          personId,
          role,
          schoolUrn: URN,
          ...(alliance ? { alliance } : {}),
          designatedOn: '2025-09-01',
          recordedOn: '2027-01-05',
        },
      },
    ],
    actor: admin,
  });
  const leaderEnded = (personId: string, role: 'SLE' | 'NLG'): Appended => ({
    streamId: systemLeaderStreamId(role, personId),
    events: [
      {
        type: 'SystemLeaderDesignationEnded',
        data: { personId, role, reason: 'withdrew', endedOn: '2027-02-01' },
      },
    ],
    actor: admin,
  });
  const cluster = (clusterId: string, alliance: AllianceCode, nleId: string): Appended => ({
    streamId: clusterStreamId(clusterId),
    events: [
      {
        type: 'ClusterFormed',
        data: {
          clusterId,
          alliance,
          name: `Cluster ${clusterId}`,
          nleId,
          competencies,
          formedOn: '2027-02-01',
        },
      },
    ],
    actor: admin,
  });
  const lle = (lleId: string, ...events: LLEDesignationEvent[]): Appended => ({
    streamId: lleDesignationStreamId(lleId),
    events,
    actor: broker,
  });
  return [
    leader('nle-1', 'NLE', 'CATSA'),
    leader('nle-2', 'NLE', 'CATSA'),
    leader('nle-3', 'NLE', 'CASSA'),
    leader('nle-1', 'NLG', 'CATSA'),
    leader('sle-1', 'SLE'),
    leader('nlg-2', 'NLG'),
    leaderEnded('sle-1', 'SLE'),
    leaderEnded('nlg-2', 'NLG'),
    cluster('c1', 'CATSA', 'nle-1'),
    cluster('c2', 'CATSA', 'nle-2'),
    cluster('c3', 'CASSA', 'nle-3'),
    lle('lle-1', designated('lle-1', 'CATSA', '2027-04-01'), {
      type: 'LLEAssignedToCluster',
      data: { lleId: 'lle-1', clusterId: 'c1', assignedOn: '2027-04-02' },
    }),
    lle('lle-2', designated('lle-2', 'CATSA', '2027-03-25'), {
      type: 'LLEAssignedToCluster',
      data: { lleId: 'lle-2', clusterId: 'c1', assignedOn: '2027-04-02' },
    }),
    lle('lle-3', designated('lle-3', 'CASSA', '2027-04-01'), {
      type: 'LLEAssignedToCluster',
      data: { lleId: 'lle-3', clusterId: 'c3', assignedOn: '2027-04-03' },
    }),
    lle(
      'lle-1',
      {
        type: 'LLEDesignationSuspended',
        data: {
          lleId: 'lle-1',
          reason: 'under_review',
          note: 'A concern raised by the LA',
          suspendedOn: '2027-05-01',
        },
      },
      // A second suspension of a suspended LLE changes nothing (as in evolveLLEDesignation).
      {
        type: 'LLEDesignationSuspended',
        data: { lleId: 'lle-1', reason: 'other', suspendedOn: '2027-05-02' },
      },
      { type: 'LLEDesignationReinstated', data: { lleId: 'lle-1', reinstatedOn: '2027-05-20' } },
      {
        type: 'LLEMovedBetweenClusters',
        data: {
          lleId: 'lle-1',
          fromClusterId: 'c1',
          toClusterId: 'c2',
          reason: 'Closer to c2 schools',
          movedOn: '2027-06-01',
        },
      },
    ),
    lle(
      'lle-4',
      designated('lle-4', 'CASSA', '2027-04-01'),
      { type: 'LLEAssignedToCluster', data: { lleId: 'lle-4', clusterId: 'c3', assignedOn: '2027-04-03' } },
      {
        type: 'LLEDesignationSuspended',
        data: { lleId: 'lle-4', reason: 'inspection_below_required', suspendedOn: '2027-06-10' },
      },
    ),
    lle('lle-2', {
      type: 'LLEDesignationEnded',
      data: { lleId: 'lle-2', reason: 'head_left_school', endedOn: '2027-07-01' },
    }),
    {
      streamId: systemLeaderStreamId('SLE', 'sle-1'),
      events: [
        {
          type: 'SystemLeaderRecorded',
          data: {
            personId: 'sle-1',
            role: 'SLE',
            schoolUrn: 110593,
            designatedOn: '2027-09-01',
            recordedOn: '2027-09-02',
          },
        },
      ],
      actor: admin,
    },
    erased('lle-3'),
    erased('nle-1'),
    cluster('c4', 'CATSA', 'nle-1'),
    lle('lle-2', designated('lle-2', 'CATSA', '2028-04-01', 'app-2028')),
  ];
}
