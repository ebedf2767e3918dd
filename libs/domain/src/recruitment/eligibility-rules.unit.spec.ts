import {
  DEFAULT_ELIGIBILITY_CONFIG,
  ELIGIBILITY_CRITERIA,
  fullYearsBetween,
  partAProblem,
  precheck,
  type EligibilityCriterion,
  type PartA,
  type PrecheckResult,
} from './eligibility-rules';
import { inspectionOutcomeProblem, type InspectionOutcome } from './inspection-outcomes';
import { eligiblePartA, school } from './recruitment.fixtures';

const today = '2027-01-20';

function resultOf(
  criterion: EligibilityCriterion,
  partA: PartA,
  config = DEFAULT_ELIGIBILITY_CONFIG,
  facts = school,
): PrecheckResult | undefined {
  return precheck(partA, facts, today, config).find((check) => check.criterion === criterion)?.result;
}

const reportCard = (
  leadershipAndGovernance: string,
  safeguarding: 'met' | 'not_met' = 'met',
): InspectionOutcome =>
  ({
    framework: 'report-card',
    outcome: {
      areas: {
        inclusion: 'expected_standard',
        curriculumAndTeaching: 'expected_standard',
        achievement: 'needs_attention',
        attendanceAndBehaviour: 'strong_standard',
        personalDevelopmentAndWellbeing: 'expected_standard',
        leadershipAndGovernance,
      },
      safeguarding,
    },
    inspectedOn: '2026-03-04',
  }) as InspectionOutcome;

const withInspection = (latest: InspectionOutcome | null): PartA => ({
  ...eligiblePartA,
  inspection: { latest, evidence: '' },
});

describe('eligibility rules', () => {
  it('proposes every criterion met for an applicant who meets them all, in the order of the criteria', () => {
    const checks = precheck(eligiblePartA, school, today, DEFAULT_ELIGIBILITY_CONFIG);
    expect(checks.map((check) => check.criterion)).toEqual([...ELIGIBILITY_CRITERIA]);
    expect(checks.every((check) => check.result === 'met')).toBe(true);
  });

  describe('HEADSHIP_3_YEARS', () => {
    const since = (headteacherSince: string): PartA => ({
      ...eligiblePartA,
      headship: { headteacherSince, evidence: '' },
    });

    it('counts full years as a serving headteacher up to today', () => {
      expect(resultOf('HEADSHIP_3_YEARS', since('2024-01-20'))).toBe('met');
      expect(resultOf('HEADSHIP_3_YEARS', since('2024-01-21'))).toBe('not_met');
    });

    it('says on what it based the proposal', () => {
      const [headship] = precheck(since('2024-01-21'), school, today);
      expect(headship?.basis).toBe(
        'headteacher since 2024-01-21: 2 full year(s) on 2027-01-20; the rule asks for 3',
      );
    });

    it('uses the configured number of years, since the source text is a guideline', () => {
      const config = { ...DEFAULT_ELIGIBILITY_CONFIG, headshipYears: 2 };
      expect(resultOf('HEADSHIP_3_YEARS', since('2024-06-01'), config)).toBe('met');
    });

    it('is working towards when not met and the applicant says so with a note', () => {
      const partA: PartA = {
        ...since('2025-09-01'),
        workingTowards: [{ criterion: 'HEADSHIP_3_YEARS', note: 'Three years in September 2028' }],
      };
      expect(resultOf('HEADSHIP_3_YEARS', partA)).toBe('working_towards');
      const blank = { ...partA, workingTowards: [{ criterion: 'HEADSHIP_3_YEARS' as const, note: ' ' }] };
      expect(resultOf('HEADSHIP_3_YEARS', blank)).toBe('not_met');
    });

    it('keeps met when the applicant is working towards a criterion already met', () => {
      const partA: PartA = {
        ...eligiblePartA,
        workingTowards: [{ criterion: 'HEADSHIP_3_YEARS', note: 'x' }],
      };
      expect(resultOf('HEADSHIP_3_YEARS', partA)).toBe('met');
    });
  });

  it('counts the anniversary of 29 February on 1 March', () => {
    expect(fullYearsBetween('2024-02-29', '2027-02-28')).toBe(2);
    expect(fullYearsBetween('2024-02-29', '2027-03-01')).toBe(3);
    expect(fullYearsBetween('2027-01-21', '2027-01-20')).toBe(0);
  });

  it.each<[EligibilityCriterion, Partial<PartA>]>([
    ['STAY_2_YEARS', { expectedStay: { years: 1, evidence: '' } }],
    ['ACCOUNTABLE_FOR_SCHOOLS', { accountability: { schoolUrns: [], evidence: '' } }],
    ['COACHING_EXPERIENCE', { coaching: { othersCoached: 0, evidence: '' } }],
    ['COMMITS_TO_TIME', { timeCommitment: { commits: false, evidence: '' } }],
    ['ABOVE_MINIMUM_STANDARDS', { minimumStandards: { above: false, evidence: '' } }],
    ['SENIOR_LEADERS_CAPACITY', { seniorLeaders: { experiencedWithCapacity: false, evidence: '' } }],
    [
      'PUPIL_PERFORMANCE_3_YEARS',
      {
        pupilPerformance: {
          trend: 'neither',
          academicYears: ['2023/24', '2024/25', '2025/26'],
          evidence: '',
        },
      },
    ],
    [
      'PUPIL_PERFORMANCE_3_YEARS',
      {
        pupilPerformance: { trend: 'consistently_high', academicYears: ['2024/25', '2025/26'], evidence: '' },
      },
    ],
  ])('marks %s not met from what Part A says', (criterion, change) => {
    const partA = { ...eligiblePartA, ...change };
    expect(resultOf(criterion, partA)).toBe('not_met');
    const others = precheck(partA, school, today).filter((check) => check.criterion !== criterion);
    expect(others.every((check) => check.result === 'met')).toBe(true);
  });

  it.each([
    [true, true, false, 'met'],
    [true, false, true, 'met'],
    [true, false, false, 'not_met'],
    [false, true, true, 'not_met'],
  ])(
    'needs the governing body and the LA or a senior educational professional (gb %s, la %s, sep %s)',
    (governingBody, localAuthority, seniorEducationalProfessional, expected) => {
      const partA: PartA = {
        ...eligiblePartA,
        support: { governingBody, localAuthority, seniorEducationalProfessional, evidence: '' },
      };
      expect(resultOf('GOVERNING_BODY_AND_LA_SUPPORT', partA)).toBe(expected);
    },
  );

  describe('OFSTED_GOOD_OR_OUTSTANDING', () => {
    it.each([
      ['outstanding', 'met'],
      ['good', 'met'],
      ['requires_improvement', 'not_met'],
      ['inadequate', 'not_met'],
    ] as const)('counts a single-word grade of %s as %s', (outcome, expected) => {
      const partA = withInspection({ framework: 'single-word-grade', outcome, inspectedOn: '2023-05-10' });
      expect(resultOf('OFSTED_GOOD_OR_OUTSTANDING', partA)).toBe(expected);
    });

    it('needs every key judgement good or better under the 2024-25 framework', () => {
      const judgements = {
        qualityOfEducation: 'good',
        behaviourAndAttitudes: 'outstanding',
        personalDevelopment: 'good',
        leadershipAndManagement: 'good',
      } as const;
      const good = withInspection({
        framework: 'key-judgements',
        outcome: judgements,
        inspectedOn: '2025-01-15',
      });
      expect(resultOf('OFSTED_GOOD_OR_OUTSTANDING', good)).toBe('met');
      const weaker = withInspection({
        framework: 'key-judgements',
        outcome: { ...judgements, earlyYears: 'requires_improvement' },
        inspectedOn: '2025-01-15',
      });
      expect(resultOf('OFSTED_GOOD_OR_OUTSTANDING', weaker)).toBe('not_met');
    });

    it('reads a report card by leadership and governance at expected standard or better, and safeguarding met', () => {
      expect(resultOf('OFSTED_GOOD_OR_OUTSTANDING', withInspection(reportCard('expected_standard')))).toBe(
        'met',
      );
      expect(resultOf('OFSTED_GOOD_OR_OUTSTANDING', withInspection(reportCard('needs_attention')))).toBe(
        'not_met',
      );
      expect(
        resultOf('OFSTED_GOOD_OR_OUTSTANDING', withInspection(reportCard('exceptional', 'not_met'))),
      ).toBe('not_met');
    });

    it('lets an alliance read report cards more strictly', () => {
      const config = {
        ...DEFAULT_ELIGIBILITY_CONFIG,
        inspection: {
          ...DEFAULT_ELIGIBILITY_CONFIG.inspection,
          reportCard: {
            areas: ['leadershipAndGovernance', 'achievement'] as const,
            atLeast: 'expected_standard' as const,
            safeguardingMustBeMet: true,
          },
        },
      };
      const partA = withInspection(reportCard('strong_standard'));
      expect(resultOf('OFSTED_GOOD_OR_OUTSTANDING', partA, config)).toBe('not_met');
      const [, , , , , , inspection] = precheck(partA, school, today, config);
      expect(inspection?.basis).toBe(
        'inspected on 2026-03-04: achievement needs_attention (from the application)',
      );
    });

    it('is not met without an inspection outcome', () => {
      expect(resultOf('OFSTED_GOOD_OR_OUTSTANDING', withInspection(null))).toBe('not_met');
    });

    it('prefers the school record when it is at least as recent as what the applicant says', () => {
      const recorded = { ...school, latestInspection: reportCard('urgent_improvement') };
      expect(
        resultOf('OFSTED_GOOD_OR_OUTSTANDING', eligiblePartA, DEFAULT_ELIGIBILITY_CONFIG, recorded),
      ).toBe('not_met');
      const older = {
        ...school,
        latestInspection: {
          framework: 'single-word-grade',
          outcome: 'inadequate',
          inspectedOn: '2019-01-01',
        },
      } as const;
      expect(resultOf('OFSTED_GOOD_OR_OUTSTANDING', eligiblePartA, DEFAULT_ELIGIBILITY_CONFIG, older)).toBe(
        'met',
      );
    });
  });

  describe('inspection outcomes', () => {
    it('refuses a framework that was not in use on the inspection date', () => {
      expect(
        inspectionOutcomeProblem(
          { framework: 'single-word-grade', outcome: 'good', inspectedOn: '2024-09-02' },
          today,
        ),
      ).toMatch(/single-word grades were not given after 2024-09-01/);
      expect(
        inspectionOutcomeProblem({ ...reportCard('exceptional'), inspectedOn: '2025-11-07' }, today),
      ).toMatch(/report cards were first given on 2025-11-10/);
      expect(inspectionOutcomeProblem(reportCard('exceptional'), today)).toBeUndefined();
    });

    it('refuses a grade that is not on the framework’s scale', () => {
      expect(inspectionOutcomeProblem(reportCard('good'), today)).toMatch(
        /leadershipAndGovernance needs a grade/,
      );
    });
  });

  describe('Part A', () => {
    it('takes a complete Part A', () => {
      expect(partAProblem(eligiblePartA, today)).toBeUndefined();
    });

    it.each<[string, Partial<PartA>, RegExp]>([
      [
        'a headship starting in the future',
        { headship: { headteacherSince: '2027-02-01', evidence: '' } },
        /future/,
      ],
      [
        'a date that is not a date',
        { headship: { headteacherSince: '2019-02-30', evidence: '' } },
        /not a date/,
      ],
      ['negative years', { expectedStay: { years: -1, evidence: '' } }, /zero or more/],
      ['a URN that is not one', { accountability: { schoolUrns: [0], evidence: '' } }, /URN/],
      [
        'an academic year that is not one',
        { pupilPerformance: { trend: 'consistently_high', academicYears: ['2023/25'], evidence: '' } },
        /2023\/25 is not an academic year/,
      ],
      [
        'a criterion worked towards twice',
        {
          workingTowards: [
            { criterion: 'STAY_2_YEARS', note: 'a' },
            { criterion: 'STAY_2_YEARS', note: 'b' },
          ],
        },
        /twice/,
      ],
    ])('refuses %s', (_, change, message) => {
      expect(partAProblem({ ...eligiblePartA, ...change }, today)).toMatch(message);
    });
  });
});
