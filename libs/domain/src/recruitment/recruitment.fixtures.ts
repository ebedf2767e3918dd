import type { CommandMetadata, Role } from '../shared/command';
import type { RoundFacts } from './application.commands';
import type { ApplicationContent, ApplicationEvent } from './application.events';
import { ELIGIBILITY_CRITERIA, type PartA, type SchoolFacts } from './eligibility-rules';
import { DEFAULT_RECRUITMENT_RULES } from './recruitment-rules';

/** Test data shared by the recruitment specs (not exported from the library): one applicant who meets every criterion, in an open round. */
export const ids = {
  application: 'app-1',
  round: 'round-1',
  applicant: 'person-applicant-1',
  referee: 'person-referee-1',
  nle: 'person-nle-1',
  cluster: 'cluster-1',
};

export const SCHOOL_URN = 136512;

export function metadata(now: string, subject = 'assessor-1', role: Role = 'assessor'): CommandMetadata {
  return { now: new Date(now), actor: { subject, role }, correlationId: 'corr-1', causationId: 'cause-1' };
}

/** Within the round below. */
export const DURING_ROUND = '2027-01-20T10:00:00Z';

export const round: RoundFacts = {
  roundId: ids.round,
  alliance: 'CATSA',
  opensOn: '2027-01-11',
  closesOn: '2027-02-12',
};

export const school: SchoolFacts = { urn: SCHOOL_URN, status: 'Open' };

export const eligiblePartA: PartA = {
  headship: { headteacherSince: '2019-09-01', evidence: 'Appointed head September 2019' },
  expectedStay: { years: 3, evidence: 'Contract and governors’ succession plan' },
  accountability: { schoolUrns: [SCHOOL_URN], evidence: 'Head of one school' },
  support: {
    governingBody: true,
    localAuthority: true,
    seniorEducationalProfessional: false,
    evidence: 'Minutes of the governing body, letter from the LA',
  },
  coaching: { othersCoached: 2, evidence: 'Mentored two new heads through the LA programme' },
  timeCommitment: { commits: true, evidence: '' },
  inspection: {
    latest: { framework: 'single-word-grade', outcome: 'good', inspectedOn: '2023-05-10' },
    evidence: 'Report of May 2023',
  },
  pupilPerformance: {
    trend: 'continued_improvement',
    academicYears: ['2023/24', '2024/25', '2025/26'],
    evidence: 'KS2 results',
  },
  minimumStandards: { above: true, evidence: 'Performance tables' },
  seniorLeaders: { experiencedWithCapacity: true, evidence: 'Deputy and two assistant heads' },
  workingTowards: [],
};

export const content: ApplicationContent = {
  schoolUrn: SCHOOL_URN,
  partA: eligiblePartA,
  partB: [
    { area: 'impact', text: 'How my leadership raised standards' },
    { area: 'coaching', text: 'How I coach other heads' },
  ],
  referee: { refereeId: ids.referee, kind: 'teaching_school_headteacher' },
};

export const context = {
  rules: DEFAULT_RECRUITMENT_RULES,
  round,
  school,
  liveApplicationIds: [] as string[],
};

/** The events of an application taken through every stage to the panel's decision to designate. */
export function designatedApplication(): ApplicationEvent[] {
  const applicationId = ids.application;
  return [
    {
      type: 'ApplicationSubmitted',
      data: {
        applicationId,
        roundId: ids.round,
        applicantId: ids.applicant,
        alliance: 'CATSA',
        ...content,
        precheck: ELIGIBILITY_CRITERIA.map((criterion) => ({ criterion, result: 'met', basis: 'x' })),
        submittedOn: '2027-01-20',
      },
    },
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
    ...(['assessor-2', 'assessor-3'] as const).map((assessedBy): ApplicationEvent => ({
      type: 'PartBAssessed',
      data: {
        applicationId,
        scores: [
          { area: 'impact', score: 3 },
          { area: 'coaching', score: 4 },
        ],
        comment: 'Strong',
        assessedBy,
        assessedOn: '2027-02-20',
      },
    })),
    {
      type: 'PartBAssessmentCompleted',
      data: {
        applicationId,
        assessors: ['assessor-2', 'assessor-3'],
        minimumAssessors: 2,
        completedOn: '2027-02-20',
      },
    },
    {
      type: 'ReferenceReviewed',
      data: {
        applicationId,
        supportsApplication: true,
        commitsToDeploying: true,
        notes: 'The referee commits to deploying the applicant',
        reviewedBy: 'assessor-1',
        reviewedOn: '2027-02-25',
      },
    },
    {
      type: 'PanelDecisionRecorded',
      data: {
        applicationId,
        decision: 'designate',
        reasons: 'Meets every criterion; strong Part B',
        decidedBy: 'panel-1',
        decidedOn: '2027-03-10',
      },
    },
  ];
}
