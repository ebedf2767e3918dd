import { isLocalDate, type LocalDate } from '../shared/calendar';

/**
 * A school's latest Ofsted inspection outcome, stored with the framework it was given under, because the
 * grades of one framework cannot be compared with another's:
 * - `single-word-grade`: an overall effectiveness grade, given until 1 September 2024;
 * - `key-judgements`: from 2 September 2024 to the start of report cards, no overall grade, but each key
 *   judgement still graded on the four-point scale;
 * - `report-card`: from 10 November 2025, a five-point grade per evaluation area and safeguarding met or not.
 */
export type InspectionOutcome = SingleWordGradeOutcome | KeyJudgementsOutcome | ReportCardOutcome;
export type InspectionFramework = InspectionOutcome['framework'];

export const SINGLE_WORD_GRADES = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
export type SingleWordGrade = (typeof SINGLE_WORD_GRADES)[number];

export interface SingleWordGradeOutcome {
  readonly framework: 'single-word-grade';
  readonly outcome: SingleWordGrade;
  readonly inspectedOn: LocalDate;
}

/** Early years and sixth form are graded only where the school has them. */
export interface KeyJudgements {
  readonly qualityOfEducation: SingleWordGrade;
  readonly behaviourAndAttitudes: SingleWordGrade;
  readonly personalDevelopment: SingleWordGrade;
  readonly leadershipAndManagement: SingleWordGrade;
  readonly earlyYears?: SingleWordGrade;
  readonly sixthForm?: SingleWordGrade;
}
export type KeyJudgement = keyof KeyJudgements;

export interface KeyJudgementsOutcome {
  readonly framework: 'key-judgements';
  readonly outcome: KeyJudgements;
  readonly inspectedOn: LocalDate;
}

/** Lowest first, so a grade's index says how good it is. */
export const REPORT_CARD_GRADES = [
  'urgent_improvement',
  'needs_attention',
  'expected_standard',
  'strong_standard',
  'exceptional',
] as const;
export type ReportCardGrade = (typeof REPORT_CARD_GRADES)[number];

/** Early years and sixth form are graded only where the school has them. */
export interface ReportCardAreas {
  readonly inclusion: ReportCardGrade;
  readonly curriculumAndTeaching: ReportCardGrade;
  readonly achievement: ReportCardGrade;
  readonly attendanceAndBehaviour: ReportCardGrade;
  readonly personalDevelopmentAndWellbeing: ReportCardGrade;
  readonly leadershipAndGovernance: ReportCardGrade;
  readonly earlyYears?: ReportCardGrade;
  readonly sixthForm?: ReportCardGrade;
}
export type ReportCardArea = keyof ReportCardAreas;

export interface ReportCardOutcome {
  readonly framework: 'report-card';
  readonly outcome: { readonly areas: ReportCardAreas; readonly safeguarding: 'met' | 'not_met' };
  readonly inspectedOn: LocalDate;
}

/** Overall effectiveness grades were last given on 1 September 2024; report cards began on 10 November 2025. */
export const LAST_SINGLE_WORD_GRADE_ON: LocalDate = '2024-09-01';
export const FIRST_REPORT_CARD_ON: LocalDate = '2025-11-10';

const KEY_JUDGEMENTS: readonly KeyJudgement[] = [
  'qualityOfEducation',
  'behaviourAndAttitudes',
  'personalDevelopment',
  'leadershipAndManagement',
  'earlyYears',
  'sixthForm',
];
const REPORT_CARD_AREAS: readonly ReportCardArea[] = [
  'inclusion',
  'curriculumAndTeaching',
  'achievement',
  'attendanceAndBehaviour',
  'personalDevelopmentAndWellbeing',
  'leadershipAndGovernance',
  'earlyYears',
  'sixthForm',
];
const OPTIONAL_AREAS: readonly string[] = ['earlyYears', 'sixthForm'];

/** Why an outcome cannot be right (an unknown grade, a framework not in use on its date), or undefined. */
export function inspectionOutcomeProblem(outcome: InspectionOutcome, today: LocalDate): string | undefined {
  const { framework, inspectedOn } = outcome;
  if (!isLocalDate(inspectedOn)) return `the inspection date ${String(inspectedOn)} is not a date`;
  if (inspectedOn > today) return `the inspection date ${inspectedOn} is in the future`;
  switch (framework) {
    case 'single-word-grade':
      if (!isOneOf(outcome.outcome, SINGLE_WORD_GRADES)) return `"${String(outcome.outcome)}" is not a grade`;
      if (inspectedOn > LAST_SINGLE_WORD_GRADE_ON) {
        return `single-word grades were not given after ${LAST_SINGLE_WORD_GRADE_ON}; give the key judgements or the report card`;
      }
      return undefined;
    case 'key-judgements':
      if (inspectedOn >= FIRST_REPORT_CARD_ON) {
        return `inspections from ${FIRST_REPORT_CARD_ON} give report cards, not key judgements`;
      }
      return gradesProblem(outcome.outcome, KEY_JUDGEMENTS, SINGLE_WORD_GRADES);
    case 'report-card':
      if (inspectedOn < FIRST_REPORT_CARD_ON) {
        return `report cards were first given on ${FIRST_REPORT_CARD_ON}`;
      }
      if (!isOneOf(outcome.outcome.safeguarding, ['met', 'not_met'] as const)) {
        return 'safeguarding must be met or not_met';
      }
      return gradesProblem(outcome.outcome.areas, REPORT_CARD_AREAS, REPORT_CARD_GRADES);
    default:
      return `"${String((outcome as { framework: unknown }).framework)}" is not an inspection framework`;
  }
}

/** A copy with only the known fields, in a fixed order (so two equal outcomes serialise the same way). */
export function copyInspectionOutcome(outcome: InspectionOutcome): InspectionOutcome {
  switch (outcome.framework) {
    case 'single-word-grade':
      return { framework: outcome.framework, outcome: outcome.outcome, inspectedOn: outcome.inspectedOn };
    case 'key-judgements':
      return {
        framework: outcome.framework,
        outcome: pickGrades(outcome.outcome, KEY_JUDGEMENTS) as unknown as KeyJudgements,
        inspectedOn: outcome.inspectedOn,
      };
    case 'report-card':
      return {
        framework: outcome.framework,
        outcome: {
          areas: pickGrades(outcome.outcome.areas, REPORT_CARD_AREAS) as unknown as ReportCardAreas,
          safeguarding: outcome.outcome.safeguarding,
        },
        inspectedOn: outcome.inspectedOn,
      };
  }
}

function gradesProblem(
  grades: object,
  names: readonly string[],
  scale: readonly string[],
): string | undefined {
  const given = grades as Readonly<Record<string, unknown>>;
  for (const name of names) {
    const grade = given[name];
    if (grade === undefined && OPTIONAL_AREAS.includes(name)) continue;
    if (typeof grade !== 'string' || !scale.includes(grade))
      return `${name} needs a grade (${scale.join(', ')})`;
  }
  return undefined;
}

function pickGrades(grades: object, names: readonly string[]): Record<string, string> {
  const given = grades as Readonly<Record<string, string | undefined>>;
  const picked: Record<string, string> = {};
  for (const name of names) {
    const grade = given[name];
    if (grade !== undefined) picked[name] = grade;
  }
  return picked;
}

function isOneOf<T extends string>(value: unknown, values: readonly T[]): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
