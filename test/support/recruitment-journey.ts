import { CommandHandler, EventRegistry, uuidV5Of } from '@lle/application';
import {
  dateInEngland,
  ELIGIBILITY_CRITERIA,
  EVENT_TYPES,
  lleDesignationStreamId,
  schoolDecider,
  schoolStreamId,
  type AllianceCode,
  type RecordSchool,
  type SchoolRecord,
} from '@lle/domain';
import type { ApiTestApp, HttpAnswer } from './api-test-app';

/**
 * The recruitment journey over HTTP, for end-to-end tests that need what it makes: schools recorded, a round
 * open, applications submitted and assessed through the four stages, and designated LLEs.
 */

/** The applicant's school unless a test says otherwise. */
export const SCHOOL_URN = 136512;

export const COMBERTON: SchoolRecord = {
  urn: SCHOOL_URN,
  name: 'Comberton Village College',
  laCode: '873',
  laName: 'Cambridgeshire',
  phase: 'Secondary',
  status: 'Open',
};

/** A calendar date in England, some days from today. */
export function daysFromToday(days: number): string {
  const [y, m, d] = dateInEngland(new Date()).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Part A verified with every criterion met. */
export const allMet = {
  verdicts: ELIGIBILITY_CRITERIA.map((criterion) => ({
    criterion,
    verdict: 'met',
    evidenceNote: `NOTE checked the evidence for ${criterion}`,
  })),
};

/** One Part B assessment. */
export const scores = (impact: number, coaching: number) => ({
  scores: [
    { area: 'impact', score: impact },
    { area: 'coaching', score: coaching },
  ],
  comment: 'COMMENT strong evidence of impact on other schools',
});

export interface Applicant {
  fullName: string;
  email: string;
  phone: string;
}

export interface JourneyOptions {
  readonly alliance?: AllianceCode;
  /** Names and emails are numbered after it, so two journeys on one database name different people. */
  readonly label?: string;
}

export interface DesignationOptions {
  /** The school the LLE leads (recorded already); the journey's school by default. */
  readonly schoolUrn?: number;
  readonly daysPerAcademicYear?: number;
}

export class RecruitmentJourney {
  /** The round open today, which `applicationBody` applies to. */
  roundId = '';
  private applicants = 0;

  private constructor(
    readonly api: ApiTestApp,
    readonly alliance: AllianceCode,
    private readonly label: string,
    readonly tokens: Record<'admin' | 'broker' | 'assessor1' | 'assessor2' | 'assessor3' | 'panel', string>,
  ) {}

  /** Records the journey's school (Comberton) and opens a round for the alliance today. */
  static async start(api: ApiTestApp, options: JourneyOptions = {}): Promise<RecruitmentJourney> {
    const alliance = options.alliance ?? 'CATSA';
    const journey = new RecruitmentJourney(api, alliance, options.label ?? '', {
      admin: await api.token('admin'),
      broker: await api.token('broker', alliance),
      assessor1: await api.token('assessor', undefined, 'assessor-1'),
      assessor2: await api.token('assessor', undefined, 'assessor-2'),
      assessor3: await api.token('assessor', undefined, 'assessor-3'),
      panel: await api.token('panel', undefined, 'panel-1'),
    });
    await journey.recordSchool(COMBERTON);
    journey.roundId = await journey.scheduleRound(-1, 30);
    return journey;
  }

  /**
   * A school recorded through the command pipeline (as the schools import does), once the schools read
   * model shows it. Returns the global position it was recorded at.
   */
  async recordSchool(record: SchoolRecord): Promise<bigint | undefined> {
    const commands = new CommandHandler(this.api.store, new EventRegistry(EVENT_TYPES));
    const school: RecordSchool = {
      type: 'RecordSchool',
      data: record,
      metadata: {
        now: new Date(),
        actor: { subject: 'schools-import', role: 'admin' },
        correlationId: 'e2e-schools-import',
        causationId: uuidV5Of(`e2e-schools-import/${record.urn}`),
      },
    };
    const recorded = await commands.handle(schoolDecider, schoolStreamId(record.urn), school);
    const known = await this.api.request('GET', `/schools/${record.urn}?atLeast=${recorded.position}`, {
      token: this.tokens.admin,
    });
    if (known.status !== 200) throw new Error(`School ${record.urn} not in the read model: ${known.status}`);
    return recorded.position;
  }

  async scheduleRound(opensIn: number, closesIn: number): Promise<string> {
    const answer = await this.post<{ roundId: string }>('/rounds', this.tokens.admin, {
      alliance: this.alliance,
      opensOn: daysFromToday(opensIn),
      closesOn: daysFromToday(closesIn),
      decisionsBy: daysFromToday(closesIn + 10),
      inductionDates: [],
    });
    if (answer.status !== 201) throw new Error(`Round not scheduled: ${JSON.stringify(answer.body)}`);
    return answer.body.roundId;
  }

  newApplicant(): Applicant {
    this.applicants++;
    const n = `${this.label}${this.applicants}`;
    return {
      fullName: `Alex Applicant${n}`,
      email: `alex.applicant${n}@example.sch.uk`,
      phone: `01954 00000${this.applicants}`,
    };
  }

  /** An applicant who meets every criterion; the free text is marked so a test can look for it. */
  applicationBody(
    applicant = this.newApplicant(),
    overrides: Record<string, unknown> = {},
    schoolUrn = SCHOOL_URN,
  ) {
    const evidence = (what: string): string => `EVIDENCE ${what} of ${applicant.fullName}`;
    return {
      applicant,
      alliance: this.alliance,
      roundId: this.roundId,
      schoolUrn,
      partA: {
        headship: { headteacherSince: '2015-09-01', evidence: evidence('headship') },
        expectedStay: { years: 3, evidence: evidence('stay') },
        accountability: { schoolUrns: [schoolUrn], evidence: evidence('accountability') },
        support: {
          governingBody: true,
          localAuthority: true,
          seniorEducationalProfessional: false,
          evidence: evidence('support'),
        },
        coaching: { othersCoached: 2, evidence: evidence('coaching') },
        timeCommitment: { commits: true, evidence: '' },
        inspection: {
          latest: { framework: 'single-word-grade', outcome: 'good', inspectedOn: '2023-05-10' },
          evidence: evidence('inspection'),
        },
        pupilPerformance: {
          trend: 'continued_improvement',
          academicYears: ['2022/23', '2023/24', '2024/25'],
          evidence: evidence('performance'),
        },
        minimumStandards: { above: true, evidence: evidence('standards') },
        seniorLeaders: { experiencedWithCapacity: true, evidence: evidence('leaders') },
        workingTowards: [],
      },
      partB: [
        { area: 'impact', text: `PART B impact: how ${applicant.fullName} raised standards` },
        { area: 'coaching', text: `PART B coaching: how ${applicant.fullName} coaches other heads` },
      ],
      referee: {
        fullName: `Sam Referee${this.label}${this.applicants}`,
        email: `sam.referee${this.label}${this.applicants}@example.gov.uk`,
        organisation: 'Cambridgeshire County Council',
        kind: 'la_dcs_or_second_tier_officer',
      },
      ...overrides,
    };
  }

  async submit(
    body: object = this.applicationBody(),
  ): Promise<{ applicationId: string; applicantId: string }> {
    const answer = await this.post<{ applicationId: string; applicantId: string }>(
      '/applications',
      this.tokens.broker,
      body,
    );
    if (answer.status !== 201) throw new Error(`Application not submitted: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Every stage on record, then the panel's decision. */
  async assessFully(applicationId: string, decision: 'designate' | 'decline' | 'defer'): Promise<void> {
    const path = `/applications/${applicationId}`;
    const steps: Array<[string, string, object, number?]> = [
      [`${path}/part-a-verification`, this.tokens.assessor1, allMet],
      [`${path}/part-b-assessments`, this.tokens.assessor2, scores(3, 4)],
      [`${path}/part-b-assessments`, this.tokens.assessor3, scores(4, 3), 2], // assessed, and Part B complete
      [
        `${path}/reference-review`,
        this.tokens.assessor1,
        { supportsApplication: true, commitsToDeploying: true, notes: 'NOTES referee commits' },
      ],
      [`${path}/panel-decision`, this.tokens.panel, { decision, reasons: 'REASONS of the panel' }],
    ];
    for (const [stepPath, token, body, written] of steps) {
      const answer = await this.post<{ written: number }>(stepPath, token, body);
      if (answer.status !== 200 || (written !== undefined && answer.body.written !== written)) {
        throw new Error(`${stepPath} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
    }
  }

  /** A new applicant through every stage, designated an LLE from today; their id. */
  async designatedLLE(options: DesignationOptions = {}): Promise<string> {
    const schoolUrn = options.schoolUrn ?? SCHOOL_URN;
    const { applicationId, applicantId } = await this.submit(
      this.applicationBody(this.newApplicant(), {}, schoolUrn),
    );
    await this.assessFully(applicationId, 'designate');
    const designated = await this.post<{ lleId: string; streamId: string }>('/lles', this.tokens.admin, {
      applicationId,
      from: daysFromToday(0),
      reviewOn: daysFromToday(3 * 365),
      ...(options.daysPerAcademicYear !== undefined
        ? { daysPerAcademicYear: options.daysPerAcademicYear }
        : {}),
    });
    if (
      designated.status !== 201 ||
      designated.body.lleId !== applicantId ||
      designated.body.streamId !== lleDesignationStreamId(applicantId)
    ) {
      throw new Error(`LLE not designated: ${JSON.stringify(designated.body)}`);
    }
    return applicantId;
  }

  private post<T>(path: string, token: string, body?: unknown): Promise<HttpAnswer<T>> {
    return this.api.request<T>('POST', path, { token, body });
  }
}
