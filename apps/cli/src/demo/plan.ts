import { uuidV5Of } from '@lle/application';
import {
  ALLIANCE_CODES,
  REFEREE_KINDS,
  type AllianceCode,
  type Competency,
  type DayLength,
  type LocalDate,
  type ObjectiveOutcome,
  type RefereeKind,
  type RequestingBody,
  type SchoolRecord,
} from '@lle/domain';
import { addDays, weekdayOnOrAfter, weekdaysBetween } from './dates';
import { Prng } from './prng';

/** How much history to make: LLEs designated, placements brokered, support days logged. */
export interface DemoSize {
  readonly lles: number;
  readonly placements: number;
  readonly days: number;
}

export const DEMO_SIZES = {
  small: { lles: 40, placements: 80, days: 500 },
  large: { lles: 2_000, placements: 20_000, days: 200_000 },
} as const satisfies Record<string, DemoSize>;

/** The two academic years the history covers, by their first day. */
export const ACADEMIC_YEARS = [
  { label: '2024/25', starts: '2024-09-01', ends: '2025-08-31' },
  { label: '2025/26', starts: '2025-09-01', ends: '2026-08-31' },
] as const;

const GUIDELINE_HALF_DAYS = 12;
const DEFAULT_DAYS_PER_YEAR = 12;

export const COMPETENCIES: readonly Competency[] = [
  { competencyId: 'leading-teaching', name: 'Leading teaching and learning' },
  { competencyId: 'coaching', name: 'Coaching and mentoring headteachers' },
  { competencyId: 'school-improvement', name: 'Planning school improvement' },
  { competencyId: 'governance', name: 'Working with governors' },
];

export interface RoundPlan {
  readonly alliance: AllianceCode;
  readonly roundId: string;
  readonly scheduledOn: LocalDate;
  readonly opensOn: LocalDate;
  readonly closesOn: LocalDate;
  readonly decisionsBy: LocalDate;
  readonly inductionDates: LocalDate[];
}

export interface Person {
  readonly fullName: string;
  readonly email: string;
}

export interface NlePlan {
  readonly alliance: AllianceCode;
  readonly person: Person;
  readonly schoolUrn: number;
  readonly designatedOn: LocalDate;
  readonly recordedOn: LocalDate;
}

export interface ClusterPlan {
  readonly alliance: AllianceCode;
  readonly clusterId: string;
  readonly name: string;
  readonly formedOn: LocalDate;
}

export interface ApplicationPlan {
  readonly index: number;
  readonly alliance: AllianceCode;
  readonly roundId: string;
  readonly applicant: Person & { readonly phone: string };
  readonly referee: Person & { readonly kind: RefereeKind; readonly organisation: string };
  readonly schoolUrn: number;
  readonly headteacherSince: LocalDate;
  readonly submittedOn: LocalDate;
  readonly verifiedOn: LocalDate;
  readonly assessedOn: LocalDate;
  readonly reviewedOn: LocalDate;
  readonly decidedOn: LocalDate;
  readonly decision: 'designate' | 'decline';
  /** Set when designated. */
  readonly designation?: {
    readonly lleIndex: number;
    readonly from: LocalDate;
    readonly reviewOn: LocalDate;
    readonly daysPerAcademicYear: number;
    readonly clusterId: string;
    readonly assignedOn: LocalDate;
  };
}

export interface DayPlan {
  readonly dayId: string;
  readonly date: LocalDate;
  readonly length: DayLength;
  readonly by: 'lle' | 'deputy';
  readonly voidReason?: string;
}

export interface PlacementPlan {
  readonly index: number;
  /** The application whose applicant is the LLE. */
  readonly applicationIndex: number;
  readonly alliance: AllianceCode;
  readonly academicYear: string;
  readonly recipientUrn: number;
  readonly phase: string;
  readonly requestingBody: RequestingBody;
  readonly need: string;
  readonly halfDaysHopedFor: number;
  readonly requestedOn: LocalDate;
  readonly brokeredOn: LocalDate;
  readonly startDate: LocalDate;
  readonly endPoint: { readonly date: LocalDate; readonly description: string };
  readonly halfDaysAgreed: number;
  readonly guidelineOverride?: { readonly reason: string };
  readonly dayRatePence: number;
  readonly lleSchoolShareBps: number;
  readonly objectives: { readonly objectiveId: string; readonly description: string }[];
  readonly transfer?: { readonly on: LocalDate; readonly halfDays: number; readonly deputy: Person };
  readonly days: DayPlan[];
  readonly ending: {
    readonly kind: 'completed' | 'ended_early';
    readonly on: LocalDate;
    readonly reason?: string;
  };
  readonly evaluation?: {
    readonly on: LocalDate;
    readonly objectives: {
      readonly objectiveId: string;
      readonly outcome: ObjectiveOutcome;
      readonly evidence: string;
      readonly ratings: { readonly competencyId: string; readonly rating: number }[];
    }[];
    readonly recipientView: string;
    readonly lleView: string;
  };
}

export interface DemoPlan {
  readonly size: DemoSize;
  /** Names the history: every id and email derives from it, so two sizes never collide. */
  readonly tag: string;
  readonly rounds: RoundPlan[];
  readonly nles: NlePlan[];
  readonly clusters: ClusterPlan[];
  readonly applications: ApplicationPlan[];
  readonly placements: PlacementPlan[];
  /** The schools the history names (applicants', NLEs', recipients', requesting schools). */
  readonly schoolUrns: number[];
  /** How many events of each type the history writes (on an empty store). */
  readonly expected: Record<string, number>;
}

const NEEDS = [
  'A new head needs coaching on leading teaching and learning',
  'The school is in special measures and needs support with its improvement plan',
  'An acting head needs mentoring through the first year',
  'Support to strengthen the senior team after a difficult inspection',
  'Help the head build a culture of professional development',
  'Support with leadership of maths across the school',
];
const OBJECTIVES = [
  'The head leads a cycle of lesson observations',
  'The senior team owns the improvement plan',
  'Governors hold leaders to account with the right data',
  'Middle leaders monitor their subjects',
  'Attendance improves term on term',
];
const EARLY_END_REASONS = [
  'The recipient school joined a trust that provides its own support',
  'The head who was being supported left the school',
  'The LLE was needed full time at their own school',
];
const OVERRIDE_REASONS = [
  'The recipient is in special measures; the LA asked for more days this year',
  'Two heads at the federation are new in post',
];
const VOID_REASONS = ['Logged against the wrong placement', 'The visit was cancelled on the day'];
const DAY_NOTES = [
  'Observed lessons with the head and agreed next steps',
  'Coaching session with the head on the improvement plan',
  'Met the senior team to review the data',
  'Joint learning walk with the deputy head',
  'Worked with governors on monitoring',
];

/**
 * Plans the whole history from the schools and a size: which schools apply, who is designated, where they
 * are placed, which days they log. Deterministic: the same schools and size give the same plan.
 */
export function planDemo(schools: readonly SchoolRecord[], size: DemoSize): DemoPlan {
  const tag = tagOf(size);
  const id = (what: string): string => uuidV5Of(`demo/${tag}/${what}`);
  const random = new Prng(hashOf(tag));
  const open = schools.filter((school) => school.status === 'Open');
  const phased = open.filter((school) => school.phase === 'Primary' || school.phase === 'Secondary');
  if (phased.length < 2) throw new Error('The seed needs at least two open primary or secondary schools');
  const byPhase = new Map<string, SchoolRecord[]>();
  for (const school of phased) byPhase.set(school.phase, [...(byPhase.get(school.phase) ?? []), school]);
  const applicantSchools = random.shuffled(phased);
  const schoolByUrn = new Map(schools.map((school) => [school.urn, school]));
  const domain = `${tag}.demo.example`;

  // ---- Rounds, NLEs and clusters, one round and one NLE per alliance ------------------------------------
  const rounds: RoundPlan[] = ALLIANCE_CODES.map((alliance) => ({
    alliance,
    roundId: id(`round/${alliance}`),
    scheduledOn: '2024-04-15',
    opensOn: '2024-05-06',
    closesOn: '2024-06-14',
    decisionsBy: '2024-07-12',
    inductionDates: ['2024-09-10'],
  }));
  const llesOf = (a: number): number => Math.floor(size.lles / 4) + (a < size.lles % 4 ? 1 : 0);
  const nles: NlePlan[] = ALLIANCE_CODES.map((alliance, a) => ({
    alliance,
    person: { fullName: `Demo NLE ${a + 1}`, email: `demo.nle.${a + 1}@${domain}` },
    schoolUrn: random.pick(phased).urn,
    designatedOn: '2019-09-01',
    recordedOn: '2024-04-22',
  }));
  const clusters: ClusterPlan[] = ALLIANCE_CODES.flatMap((alliance, a) => {
    const count = Math.max(a % 2 === 0 ? 2 : 1, Math.ceil(llesOf(a) / 50));
    return Array.from({ length: count }, (_, k) => ({
      alliance,
      clusterId: id(`cluster/${alliance}/${k}`),
      name: `${alliance} demo cluster ${k + 1}`,
      formedOn: '2024-04-29',
    }));
  });

  // ---- Applications: every LLE's, and a few the panel declines ------------------------------------------
  const applications: ApplicationPlan[] = [];
  let lleIndex = 0;
  for (const [a, alliance] of ALLIANCE_CODES.entries()) {
    const lles = llesOf(a);
    const declined = lles === 0 ? 0 : Math.max(1, Math.round(lles * 0.05));
    const ownClusters = clusters.filter((cluster) => cluster.alliance === alliance);
    for (let k = 0; k < lles + declined; k++) {
      const index = applications.length;
      const n = index + 1;
      const school = applicantSchools[index % applicantSchools.length]!;
      const decision = k < lles ? 'designate' : 'decline';
      const submittedOn = addDays('2024-05-06', index % 35);
      applications.push({
        index,
        alliance,
        roundId: rounds[a]!.roundId,
        applicant: {
          fullName: `Demo Head ${n}`,
          email: `demo.head.${n}@${domain}`,
          phone: `01223 ${String(100_000 + n).slice(-6)}`,
        },
        referee: {
          fullName: `Demo Referee ${(index % 12) + 1}`,
          email: `demo.referee.${(index % 12) + 1}@${domain}`,
          kind: REFEREE_KINDS[index % REFEREE_KINDS.length]!,
          organisation: `${school.laName} partnership`,
        },
        schoolUrn: school.urn,
        headteacherSince: `${2008 + (index % 12)}-09-01`,
        submittedOn,
        verifiedOn: '2024-06-18',
        assessedOn: '2024-06-21',
        reviewedOn: '2024-06-25',
        decidedOn: '2024-07-02',
        decision,
        ...(decision === 'designate'
          ? {
              designation: {
                lleIndex: lleIndex++,
                from: '2024-07-08',
                reviewOn: '2027-07-08',
                daysPerAcademicYear: DEFAULT_DAYS_PER_YEAR,
                clusterId: ownClusters[k % ownClusters.length]!.clusterId,
                assignedOn: '2024-07-09',
              },
            }
          : {}),
      });
    }
  }
  const designated = applications.filter((application) => application.designation !== undefined);

  // ---- Placements and their days ------------------------------------------------------------------------
  const placements: PlacementPlan[] = [];
  const dayCounts = spread(size.days, size.placements, random);
  const usedDates = new Map<string, Set<LocalDate>>();
  const halfDaysByLleYear = new Map<string, number>();
  for (let index = 0; index < (designated.length === 0 ? 0 : size.placements); index++) {
    const application = designated[index % designated.length]!;
    const lleSchool = schoolByUrn.get(application.schoolUrn)!;
    const samePhase = (byPhase.get(lleSchool.phase) ?? phased).filter((s) => s.urn !== lleSchool.urn);
    const candidates = samePhase.length > 0 ? samePhase : phased.filter((s) => s.urn !== lleSchool.urn);
    const recipient = random.pick(candidates);
    const year = ACADEMIC_YEARS[random.int(0, 1)]!;
    const startDate = weekdayOnOrAfter(addDays(year.starts, random.int(7, 150)));
    const endDate = weekdayOnOrAfter(addDays(startDate, random.int(60, 120)));
    const endPoint = {
      date: endDate,
      description: 'The head leads the improvement plan without support',
    };
    const requestedOn = addDays(startDate, -random.int(14, 40));
    const brokeredOn = addDays(startDate, -random.int(3, 10));
    // A few ended early and a few over the guideline, at least one of each in a history of 5 placements.
    const sure = (k: number): boolean => size.placements >= 5 && index === k;
    const earlyEnd = random.chance(0.1) || sure(3);
    const windowEnd = earlyEnd
      ? addDays(startDate, Math.floor(daysBetween(startDate, endDate) * 0.5))
      : endDate;

    // The days: the LLE's, and some by a deputy the LLE transferred days to.
    const wanted = dayCounts[index]!;
    const deputyWanted = wanted >= 4 && random.chance(0.3) ? Math.max(1, Math.floor(wanted / 4)) : 0;
    const lleKey = `lle/${application.index}`;
    const deputyKey = `deputy/${application.index}`;
    const lleDates = pickDates(usedDates, lleKey, startDate, windowEnd, wanted - deputyWanted, random);
    const deputyDates = pickDates(usedDates, deputyKey, startDate, windowEnd, deputyWanted, random);
    const hoped = random.pick([6, 8, 10, 12]);
    const transferHalfDays = deputyDates.length;
    const lleBudget = Math.max(hoped - transferHalfDays, lleDates.length);
    const fullDays = Math.min(lleDates.length, lleBudget - lleDates.length);
    let halfDaysAgreed = Math.max(hoped, transferHalfDays + lleDates.length);
    if (random.chance(0.06) || sure(2))
      halfDaysAgreed = Math.max(halfDaysAgreed, GUIDELINE_HALF_DAYS + 2 * random.int(1, 3));
    const fullAt = new Set(random.shuffled(lleDates.map((_, k) => k)).slice(0, fullDays));
    const days: DayPlan[] = [
      ...lleDates.map((date, k) => ({ date, length: fullAt.has(k) ? 'full' : 'half', by: 'lle' }) as const),
      ...deputyDates.map((date) => ({ date, length: 'half', by: 'deputy' }) as const),
    ]
      .sort((x, y) => x.date.localeCompare(y.date) || x.by.localeCompare(y.by))
      .map((day, k) => ({
        ...day,
        dayId: id(`placement/${index}/day/${k}`),
        ...(random.chance(0.03) ? { voidReason: random.pick(VOID_REASONS) } : {}),
      }));
    const lastDay = days.at(-1)?.date ?? startDate;
    const ending = earlyEnd
      ? {
          kind: 'ended_early' as const,
          on: addDays(lastDay, random.int(1, 10)),
          reason: random.pick(EARLY_END_REASONS),
        }
      : { kind: 'completed' as const, on: addDays(endDate, random.int(0, 5)) };
    const objectives = random
      .shuffled(OBJECTIVES)
      .slice(0, random.int(1, 2))
      .map((description, k) => ({ objectiveId: `objective-${k + 1}`, description }));
    const evaluated = random.chance(earlyEnd ? 0.5 : 0.85);
    const key = `${application.index}/${year.label}`;
    halfDaysByLleYear.set(key, (halfDaysByLleYear.get(key) ?? 0) + halfDaysAgreed);
    const requestingBody: RequestingBody = random.chance(0.65)
      ? { kind: 'local_authority', laCode: recipient.laCode }
      : { kind: 'school', urn: recipient.urn };
    placements.push({
      index,
      applicationIndex: application.index,
      alliance: application.alliance,
      academicYear: year.label,
      recipientUrn: recipient.urn,
      phase: recipient.phase,
      requestingBody,
      need: random.pick(NEEDS),
      halfDaysHopedFor: hoped,
      requestedOn,
      brokeredOn,
      startDate,
      endPoint,
      halfDaysAgreed,
      ...(halfDaysAgreed > GUIDELINE_HALF_DAYS
        ? { guidelineOverride: { reason: random.pick(OVERRIDE_REASONS) } }
        : {}),
      dayRatePence: random.pick([40_000, 45_000, 50_000]),
      lleSchoolShareBps: random.pick([5_000, 6_000, 7_500]),
      objectives,
      ...(transferHalfDays > 0
        ? {
            transfer: {
              on: startDate,
              halfDays: transferHalfDays,
              deputy: {
                fullName: `Demo Deputy ${application.index + 1}`,
                email: `demo.deputy.${application.index + 1}@${domain}`,
              },
            },
          }
        : {}),
      days,
      ending,
      ...(evaluated
        ? {
            evaluation: {
              on: addDays(ending.on, 14),
              objectives: objectives.map(({ objectiveId }) => ({
                objectiveId,
                outcome: random.pick(['met', 'met', 'partly_met', 'not_met'] as const),
                evidence: 'Seen in the observation records and the governors’ minutes',
                ratings: random
                  .shuffled(COMPETENCIES)
                  .slice(0, random.int(1, 2))
                  .map(({ competencyId }) => ({ competencyId, rating: random.int(2, 4) })),
              })),
              recipientView: 'The head feels more confident leading the school',
              lleView: 'The senior team now owns its improvement plan',
            },
          }
        : {}),
    });
  }

  // A history with days has at least one voided (the plan's odds may give none in a small one).
  const allDays = placements.flatMap((placement) => placement.days);
  if (allDays.length >= 10 && !allDays.some((day) => day.voidReason !== undefined)) {
    const withDays = placements.find((placement) => placement.days.length > 0)!;
    withDays.days[0] = { ...withDays.days[0]!, voidReason: VOID_REASONS[0]! };
  }

  // Each LLE can give what their placements need in their busiest year (the default 12 days at least).
  for (const [k, application] of applications.entries()) {
    if (application.designation === undefined) continue;
    const busiest = Math.max(
      0,
      ...ACADEMIC_YEARS.map((year) => halfDaysByLleYear.get(`${application.index}/${year.label}`) ?? 0),
    );
    applications[k] = {
      ...application,
      designation: {
        ...application.designation,
        daysPerAcademicYear: Math.max(DEFAULT_DAYS_PER_YEAR, Math.ceil(busiest / 2)),
      },
    };
  }

  const schoolUrns = [
    ...new Set([
      ...applications.map((application) => application.schoolUrn),
      ...nles.map((nle) => nle.schoolUrn),
      ...placements.map((placement) => placement.recipientUrn),
    ]),
  ].sort((x, y) => x - y);
  return {
    size,
    tag,
    rounds,
    nles,
    clusters,
    applications,
    placements,
    schoolUrns,
    expected: expectedEvents(rounds, nles, clusters, applications, placements),
  };
}

function expectedEvents(
  rounds: readonly RoundPlan[],
  nles: readonly NlePlan[],
  clusters: readonly ClusterPlan[],
  applications: readonly ApplicationPlan[],
  placements: readonly PlacementPlan[],
): Record<string, number> {
  const count = <T>(items: readonly T[], test: (item: T) => boolean): number => items.filter(test).length;
  const a = applications.length;
  const lles = count(applications, (x) => x.designation !== undefined);
  const p = placements.length;
  const days = placements.flatMap((placement) => placement.days);
  const voided = count(days, (day) => day.voidReason !== undefined);
  return {
    RoundScheduled: rounds.length,
    SystemLeaderRecorded: nles.length,
    ClusterFormed: clusters.length,
    ApplicationSubmitted: a,
    PartAVerified: a,
    PartBAssessed: 2 * a,
    PartBAssessmentCompleted: a,
    ReferenceReviewed: a,
    PanelDecisionRecorded: a,
    LLEDesignated: lles,
    LLEAssignedToCluster: lles,
    SupportRequested: p,
    PlacementBrokered: p,
    PlacementOpened: p,
    SupportRequestBrokered: p,
    DaysTransferred: count(placements, (x) => x.transfer !== undefined),
    PersonDayReserved: days.length,
    SupportDayLogged: days.length,
    SupportDayVoided: voided,
    PersonDayReleased: voided,
    PlacementCompleted: count(placements, (x) => x.ending.kind === 'completed'),
    PlacementEndedEarly: count(placements, (x) => x.ending.kind === 'ended_early'),
    PlacementCommitmentClosed: p,
    ImpactEvaluationRecorded: count(placements, (x) => x.evaluation !== undefined),
  };
}

/** A note for a logged day, varied but fixed by the day. */
export function noteFor(day: DayPlan): string {
  return DAY_NOTES[hashOf(day.dayId) % DAY_NOTES.length]!;
}

export function tagOf(size: DemoSize): string {
  for (const [name, preset] of Object.entries(DEMO_SIZES)) {
    if (preset.lles === size.lles && preset.placements === size.placements && preset.days === size.days) {
      return name;
    }
  }
  return `l${size.lles}-p${size.placements}-d${size.days}`;
}

/** `total` spread over `parts`, each near the mean, adding up exactly. */
function spread(total: number, parts: number, random: Prng): number[] {
  if (parts === 0) return [];
  const weights = Array.from({ length: parts }, () => 0.5 + random.next());
  const sum = weights.reduce((x, y) => x + y, 0);
  const counts = weights.map((weight) => Math.floor((weight / sum) * total));
  let left = total - counts.reduce((x, y) => x + y, 0);
  for (let k = 0; left > 0; k = (k + 1) % parts, left--) counts[k]!++;
  return counts;
}

/** Up to `count` weekdays in the window that the person has no day on yet, kept as theirs. */
function pickDates(
  used: Map<string, Set<LocalDate>>,
  person: string,
  from: LocalDate,
  to: LocalDate,
  count: number,
  random: Prng,
): LocalDate[] {
  if (count <= 0) return [];
  const taken = used.get(person) ?? new Set<LocalDate>();
  used.set(person, taken);
  const free = weekdaysBetween(from, to).filter((date) => !taken.has(date));
  const picked = random
    .shuffled(free)
    .slice(0, count)
    .sort((x, y) => x.localeCompare(y));
  for (const date of picked) taken.add(date);
  return picked;
}

function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function hashOf(text: string): number {
  let hash = 2_166_136_261;
  for (let k = 0; k < text.length; k++) {
    hash ^= text.charCodeAt(k);
    hash = Math.imul(hash, 16_777_619);
  }
  return hash >>> 0;
}
