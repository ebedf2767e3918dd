import { isLocalDate, type LocalDate } from '../shared/calendar';
import type { SchoolRecord } from '../schools/school';
import {
  copyInspectionOutcome,
  inspectionOutcomeProblem,
  REPORT_CARD_GRADES,
  type InspectionOutcome,
  type KeyJudgement,
  type ReportCardArea,
  type ReportCardGrade,
  type SingleWordGrade,
} from './inspection-outcomes';

/**
 * The eligibility criteria of "Thinking of becoming an LLE", in one place: the criteria themselves, the data
 * Part A of an application holds for each, the numbers the source text gives as guidelines (configurable),
 * and the automatic pre-check the verifier of Part A confirms or overrules.
 *
 * The numbers in the criterion ids are the source text's; the thresholds actually applied come from
 * `EligibilityConfig`, and each pre-check result says which threshold it used.
 */
export const ELIGIBILITY_CRITERIA = [
  'HEADSHIP_3_YEARS',
  'STAY_2_YEARS',
  'ACCOUNTABLE_FOR_SCHOOLS',
  'GOVERNING_BODY_AND_LA_SUPPORT',
  'COACHING_EXPERIENCE',
  'COMMITS_TO_TIME',
  'OFSTED_GOOD_OR_OUTSTANDING',
  'PUPIL_PERFORMANCE_3_YEARS',
  'ABOVE_MINIMUM_STANDARDS',
  'SENIOR_LEADERS_CAPACITY',
] as const;
export type EligibilityCriterion = (typeof ELIGIBILITY_CRITERIA)[number];

/** Who a criterion is about, and its wording in the source text. */
export const CRITERION_DESCRIPTIONS: Readonly<
  Record<EligibilityCriterion, { readonly about: 'applicant' | 'school'; readonly text: string }>
> = {
  HEADSHIP_3_YEARS: { about: 'applicant', text: 'at least 3 years of experience as a serving headteacher' },
  STAY_2_YEARS: {
    about: 'applicant',
    text: 'expects to remain at the current school for at least 2 years after being selected',
  },
  ACCOUNTABLE_FOR_SCHOOLS: { about: 'applicant', text: 'has accountability for one or more schools' },
  GOVERNING_BODY_AND_LA_SUPPORT: {
    about: 'applicant',
    text: "has the support of the school's governing body and local authority, or a senior educational professional",
  },
  COACHING_EXPERIENCE: {
    about: 'applicant',
    text: 'has sufficient experience as a coach or mentor to a headteacher or senior member of staff at another school',
  },
  COMMITS_TO_TIME: { about: 'applicant', text: 'commits to the time expectations' },
  OFSTED_GOOD_OR_OUTSTANDING: { about: 'school', text: 'has an Ofsted rating of good or outstanding' },
  PUPIL_PERFORMANCE_3_YEARS: {
    about: 'school',
    text: 'shows consistently high pupil performance or continued improvement over the last 3 years',
  },
  ABOVE_MINIMUM_STANDARDS: {
    about: 'school',
    text: 'is above current minimum standards set by the government',
  },
  SENIOR_LEADERS_CAPACITY: {
    about: 'school',
    text: 'has experienced senior leaders with capacity to work with other schools',
  },
};

/** What the applicant says about themselves and their school, one datum per criterion, each with evidence. */
export interface PartA {
  readonly headship: { readonly headteacherSince: LocalDate; readonly evidence: string };
  readonly expectedStay: { readonly years: number; readonly evidence: string };
  /** URNs of the schools the applicant is accountable for (their own school, a federation's other schools). */
  readonly accountability: { readonly schoolUrns: readonly number[]; readonly evidence: string };
  readonly support: {
    readonly governingBody: boolean;
    readonly localAuthority: boolean;
    readonly seniorEducationalProfessional: boolean;
    readonly evidence: string;
  };
  /** How many headteachers or senior leaders of other schools they have coached or mentored (no names). */
  readonly coaching: { readonly othersCoached: number; readonly evidence: string };
  readonly timeCommitment: { readonly commits: boolean; readonly evidence: string };
  /** The latest inspection outcome as the applicant gives it; null when the school has not been inspected. */
  readonly inspection: { readonly latest: InspectionOutcome | null; readonly evidence: string };
  readonly pupilPerformance: {
    readonly trend: PerformanceTrend;
    /** The academic years the evidence covers, e.g. '2023/24'. */
    readonly academicYears: readonly string[];
    readonly evidence: string;
  };
  readonly minimumStandards: { readonly above: boolean; readonly evidence: string };
  readonly seniorLeaders: { readonly experiencedWithCapacity: boolean; readonly evidence: string };
  /** Criteria not met yet that the applicant is working towards, each with a note of how. */
  readonly workingTowards: readonly WorkingTowards[];
}

export const PERFORMANCE_TRENDS = ['consistently_high', 'continued_improvement', 'neither'] as const;
export type PerformanceTrend = (typeof PERFORMANCE_TRENDS)[number];

export interface WorkingTowards {
  readonly criterion: EligibilityCriterion;
  readonly note: string;
}

/** The school record as the pre-check sees it: from the schools read model, with an inspection when known. */
export type SchoolFacts = Pick<SchoolRecord, 'urn' | 'status'> & {
  /** The latest inspection from an authoritative source (an Ofsted import), when the system has one. */
  readonly latestInspection?: InspectionOutcome;
};

/**
 * The guideline numbers and the inspection outcomes that count. The source texts give the numbers as
 * guidelines, so alliances may change them; the inspection rules for key judgements and report cards are
 * ours, because the source texts (2016) predate both.
 */
export interface EligibilityConfig {
  readonly headshipYears: number;
  readonly expectedStayYears: number;
  readonly minimumAccountableSchools: number;
  /** "Sufficient experience" as a coach or mentor: how many heads or senior leaders of other schools. */
  readonly minimumOthersCoached: number;
  readonly pupilPerformanceYears: number;
  readonly inspection: InspectionRule;
}

export interface InspectionRule {
  /** Overall effectiveness grades that count ("good or outstanding"). */
  readonly singleWordGrades: readonly SingleWordGrade[];
  /** Sept 2024 to Nov 2025: every key judgement graded must be one of these. */
  readonly keyJudgementGrades: readonly SingleWordGrade[];
  /**
   * Report cards have no overall grade and Ofsted says the grades do not map onto the old ones. Our reading
   * of "good or outstanding" for an LLE's school: safeguarding met and every listed area at least `atLeast`
   * (by default leadership and governance at 'expected_standard', the grade Ofsted calls "doing everything
   * it should"). Alliances wanting a stricter reading list more areas or raise the grade.
   */
  readonly reportCard: {
    readonly areas: readonly ReportCardArea[];
    readonly atLeast: ReportCardGrade;
    readonly safeguardingMustBeMet: boolean;
  };
}

export const DEFAULT_ELIGIBILITY_CONFIG: EligibilityConfig = {
  headshipYears: 3,
  expectedStayYears: 2,
  minimumAccountableSchools: 1,
  minimumOthersCoached: 1,
  pupilPerformanceYears: 3,
  inspection: {
    singleWordGrades: ['outstanding', 'good'],
    keyJudgementGrades: ['outstanding', 'good'],
    reportCard: {
      areas: ['leadershipAndGovernance'],
      atLeast: 'expected_standard',
      safeguardingMustBeMet: true,
    },
  },
};

export const PRECHECK_RESULTS = ['met', 'not_met', 'working_towards'] as const;
export type PrecheckResult = (typeof PRECHECK_RESULTS)[number];

/** What the system proposes for one criterion, and on what basis (for the verifier and for auditors). */
export interface CriterionPrecheck {
  readonly criterion: EligibilityCriterion;
  readonly result: PrecheckResult;
  readonly basis: string;
}

/**
 * Proposes met, not met or working towards for every criterion, in the order of ELIGIBILITY_CRITERIA. A
 * criterion not met is "working towards" when the applicant says so with a note. Everything here is what
 * the applicant declares (or the school record says); the verifier checks it against evidence.
 */
export function precheck(
  partA: PartA,
  school: SchoolFacts,
  today: LocalDate,
  config: EligibilityConfig = DEFAULT_ELIGIBILITY_CONFIG,
): CriterionPrecheck[] {
  const checks: Record<EligibilityCriterion, () => Check> = {
    HEADSHIP_3_YEARS: () => checkHeadship(partA, today, config),
    STAY_2_YEARS: () => {
      const { years } = partA.expectedStay;
      return check(
        years >= config.expectedStayYears,
        `expects to stay ${years} more year(s); the rule asks for ${config.expectedStayYears}`,
      );
    },
    ACCOUNTABLE_FOR_SCHOOLS: () => {
      const count = new Set(partA.accountability.schoolUrns).size;
      return check(
        count >= config.minimumAccountableSchools,
        `accountable for ${count} school(s); the rule asks for ${config.minimumAccountableSchools}`,
      );
    },
    GOVERNING_BODY_AND_LA_SUPPORT: () => {
      const { governingBody, localAuthority, seniorEducationalProfessional } = partA.support;
      const wider = localAuthority || seniorEducationalProfessional;
      return check(
        governingBody && wider,
        [
          governingBody ? 'the governing body supports' : 'no support from the governing body',
          localAuthority
            ? 'the local authority supports'
            : seniorEducationalProfessional
              ? 'a senior educational professional supports'
              : 'neither the local authority nor a senior educational professional supports',
        ].join('; '),
      );
    },
    COACHING_EXPERIENCE: () => {
      const { othersCoached } = partA.coaching;
      return check(
        othersCoached >= config.minimumOthersCoached,
        `has coached or mentored ${othersCoached} head(s) or senior leader(s) of other schools; the rule asks for ${config.minimumOthersCoached}`,
      );
    },
    COMMITS_TO_TIME: () =>
      check(
        partA.timeCommitment.commits,
        partA.timeCommitment.commits
          ? 'commits to the time expectations'
          : 'does not commit to the time expectations',
      ),
    OFSTED_GOOD_OR_OUTSTANDING: () => checkInspection(partA, school, config.inspection),
    PUPIL_PERFORMANCE_3_YEARS: () => {
      const { trend, academicYears } = partA.pupilPerformance;
      const years = new Set(academicYears).size;
      if (trend === 'neither') {
        return { met: false, basis: 'performance is neither consistently high nor improving' };
      }
      return check(
        years >= config.pupilPerformanceYears,
        `${trend.replace('_', ' ')} over ${years} academic year(s); the rule asks for ${config.pupilPerformanceYears}`,
      );
    },
    ABOVE_MINIMUM_STANDARDS: () =>
      check(
        partA.minimumStandards.above,
        partA.minimumStandards.above ? 'above minimum standards' : 'not above minimum standards',
      ),
    SENIOR_LEADERS_CAPACITY: () =>
      check(
        partA.seniorLeaders.experiencedWithCapacity,
        partA.seniorLeaders.experiencedWithCapacity
          ? 'has experienced senior leaders with capacity'
          : 'no experienced senior leaders with capacity to work with other schools',
      ),
  };

  return ELIGIBILITY_CRITERIA.map((criterion) => {
    const { met, basis } = checks[criterion]();
    if (met) return { criterion, result: 'met', basis };
    const towards = partA.workingTowards.find((entry) => entry.criterion === criterion);
    if (towards && towards.note.trim()) {
      return { criterion, result: 'working_towards', basis: `${basis}; working towards it` };
    }
    return { criterion, result: 'not_met', basis };
  });
}

interface Check {
  readonly met: boolean;
  readonly basis: string;
}

function check(met: boolean, basis: string): Check {
  return { met, basis };
}

function checkHeadship(partA: PartA, today: LocalDate, config: EligibilityConfig): Check {
  const since = partA.headship.headteacherSince;
  const years = fullYearsBetween(since, today);
  return check(
    years >= config.headshipYears,
    `headteacher since ${since}: ${years} full year(s) on ${today}; the rule asks for ${config.headshipYears}`,
  );
}

/** Whole years from one date to another; an anniversary of 29 February falls on 1 March in other years. */
export function fullYearsBetween(from: LocalDate, to: LocalDate): number {
  if (!isLocalDate(from) || !isLocalDate(to) || to < from) return 0;
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const years = ty - fy;
  const anniversary = new Date(Date.UTC(ty, fm - 1, fd));
  const target = new Date(Date.UTC(ty, tm - 1, td));
  return anniversary <= target ? years : years - 1;
}

/** The school record's inspection wins over the applicant's when it is at least as recent. */
function checkInspection(partA: PartA, school: SchoolFacts, rule: InspectionRule): Check {
  const declared = partA.inspection.latest ?? undefined;
  const recorded = school.latestInspection;
  const latest =
    recorded && (!declared || recorded.inspectedOn >= declared.inspectedOn)
      ? { outcome: recorded, source: 'the school record' }
      : declared
        ? { outcome: declared, source: 'the application' }
        : undefined;
  if (!latest) return { met: false, basis: 'no inspection outcome given' };
  const { met, basis } = inspectionCounts(latest.outcome, rule);
  return { met, basis: `${basis} (from ${latest.source})` };
}

/** Whether an inspection outcome counts as "good or outstanding" under the rule. */
export function inspectionCounts(outcome: InspectionOutcome, rule: InspectionRule): Check {
  const on = `inspected on ${outcome.inspectedOn}`;
  switch (outcome.framework) {
    case 'single-word-grade': {
      const met = rule.singleWordGrades.includes(outcome.outcome);
      return { met, basis: `${on}: graded ${outcome.outcome}` };
    }
    case 'key-judgements': {
      const graded = Object.entries(outcome.outcome) as [KeyJudgement, SingleWordGrade][];
      const below = graded.filter(([, grade]) => !rule.keyJudgementGrades.includes(grade));
      return {
        met: below.length === 0,
        basis:
          below.length === 0
            ? `${on}: every key judgement ${rule.keyJudgementGrades.join(' or ')}`
            : `${on}: ${below.map(([name, grade]) => `${name} ${grade}`).join(', ')}`,
      };
    }
    case 'report-card': {
      const { areas, safeguarding } = outcome.outcome;
      const { reportCard } = rule;
      const needed = REPORT_CARD_GRADES.indexOf(reportCard.atLeast);
      const below = reportCard.areas.filter((area) => {
        const grade = areas[area];
        return grade === undefined || REPORT_CARD_GRADES.indexOf(grade) < needed;
      });
      const safeguardingFails = reportCard.safeguardingMustBeMet && safeguarding !== 'met';
      const problems = [
        ...(safeguardingFails ? ['safeguarding not met'] : []),
        ...below.map((area) => `${area} ${areas[area] ?? 'not graded'}`),
      ];
      return {
        met: problems.length === 0,
        basis:
          problems.length === 0
            ? `${on}: ${reportCard.areas.join(', ')} at least ${reportCard.atLeast}` +
              (reportCard.safeguardingMustBeMet ? ', safeguarding met' : '')
            : `${on}: ${problems.join(', ')}`,
      };
    }
  }
}

const ACADEMIC_YEAR = /^(\d{4})\/(\d{2})$/;

/**
 * Why Part A cannot be taken as it stands (a date that is not a date, a negative count...), or undefined.
 * A missing working-towards note is told apart by the caller, since it is the applicant's to fix.
 */
export function partAProblem(partA: PartA, today: LocalDate): string | undefined {
  const { headship, expectedStay, accountability, coaching, inspection, pupilPerformance } = partA;
  if (!isLocalDate(headship.headteacherSince)) {
    return `the date they became a headteacher (${String(headship.headteacherSince)}) is not a date`;
  }
  if (headship.headteacherSince > today) {
    return `the date they became a headteacher (${headship.headteacherSince}) is in the future`;
  }
  if (!Number.isFinite(expectedStay.years) || expectedStay.years < 0) {
    return 'the years they expect to stay must be zero or more';
  }
  if (!accountability.schoolUrns.every((urn) => Number.isInteger(urn) && urn > 0)) {
    return 'the schools they are accountable for must be given by URN';
  }
  if (!Number.isInteger(coaching.othersCoached) || coaching.othersCoached < 0) {
    return 'the number of heads or senior leaders coached must be a whole number, zero or more';
  }
  if (inspection.latest !== null) {
    const problem = inspectionOutcomeProblem(inspection.latest, today);
    if (problem) return `the inspection outcome is wrong: ${problem}`;
  }
  if (!(PERFORMANCE_TRENDS as readonly string[]).includes(pupilPerformance.trend)) {
    return `the performance trend must be one of ${PERFORMANCE_TRENDS.join(', ')}`;
  }
  const badYear = pupilPerformance.academicYears.find((year) => !isAcademicYearLabel(year));
  if (badYear !== undefined) return `${badYear} is not an academic year such as 2023/24`;
  const seen = new Set<string>();
  for (const { criterion } of partA.workingTowards) {
    if (!(ELIGIBILITY_CRITERIA as readonly string[]).includes(criterion)) {
      return `${String(criterion)} is not an eligibility criterion`;
    }
    if (seen.has(criterion)) return `working towards ${criterion} is given twice`;
    seen.add(criterion);
  }
  return undefined;
}

function isAcademicYearLabel(label: string): boolean {
  const match = ACADEMIC_YEAR.exec(label);
  if (!match) return false;
  return (Number(match[1]) + 1) % 100 === Number(match[2]);
}

/** A copy with only the known fields in a fixed order: what goes into events, and how retries compare. */
export function copyPartA(partA: PartA): PartA {
  const { headship, expectedStay, accountability, support, coaching, timeCommitment } = partA;
  const { inspection, pupilPerformance, minimumStandards, seniorLeaders, workingTowards } = partA;
  return {
    headship: { headteacherSince: headship.headteacherSince, evidence: headship.evidence },
    expectedStay: { years: expectedStay.years, evidence: expectedStay.evidence },
    accountability: { schoolUrns: [...accountability.schoolUrns], evidence: accountability.evidence },
    support: {
      governingBody: support.governingBody,
      localAuthority: support.localAuthority,
      seniorEducationalProfessional: support.seniorEducationalProfessional,
      evidence: support.evidence,
    },
    coaching: { othersCoached: coaching.othersCoached, evidence: coaching.evidence },
    timeCommitment: { commits: timeCommitment.commits, evidence: timeCommitment.evidence },
    inspection: {
      latest: inspection.latest === null ? null : copyInspectionOutcome(inspection.latest),
      evidence: inspection.evidence,
    },
    pupilPerformance: {
      trend: pupilPerformance.trend,
      academicYears: [...pupilPerformance.academicYears],
      evidence: pupilPerformance.evidence,
    },
    minimumStandards: { above: minimumStandards.above, evidence: minimumStandards.evidence },
    seniorLeaders: {
      experiencedWithCapacity: seniorLeaders.experiencedWithCapacity,
      evidence: seniorLeaders.evidence,
    },
    workingTowards: workingTowards.map(({ criterion, note }) => ({ criterion, note })),
  };
}
