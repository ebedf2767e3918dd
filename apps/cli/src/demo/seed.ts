import { uuidV5Of, type CommandResult } from '@lle/application';
import {
  ELIGIBILITY_CRITERIA,
  type Actor,
  type AllianceCode,
  type CommandMetadata,
  type LocalDate,
  type PartA,
  supportDayOf,
} from '@lle/domain';
import { TransferDaysCommand } from '../../../api/src/brokerage/placements/transfer-days/transfer-days.handler';
import { AssessPartBCommand } from '../../../api/src/recruitment/applications/assess-part-b/assess-part-b.handler';
import { RecordPanelDecisionCommand } from '../../../api/src/recruitment/applications/record-panel-decision/record-panel-decision.handler';
import { ReviewReferenceCommand } from '../../../api/src/recruitment/applications/review-reference/review-reference.handler';
import { SubmitApplicationCommand } from '../../../api/src/recruitment/applications/submit-application/submit-application.handler';
import { VerifyPartACommand } from '../../../api/src/recruitment/applications/verify-part-a/verify-part-a.handler';
import { FormClusterCommand } from '../../../api/src/recruitment/clusters/form-cluster/form-cluster.handler';
import { AddLLEToClusterCommand } from '../../../api/src/recruitment/designations/add-lle-to-cluster/add-lle-to-cluster.handler';
import { DesignateLLECommand } from '../../../api/src/recruitment/designations/designate-lle/designate-lle.handler';
import { RecordSystemLeaderCommand } from '../../../api/src/recruitment/system-leaders/record-system-leader/record-system-leader.handler';
import { ScheduleRoundCommand } from '../../../api/src/rounds/schedule-round/schedule-round.handler';
import { addDays, at } from './dates';
import { COMPETENCIES, noteFor, type ApplicationPlan, type DemoPlan, type PlacementPlan } from './plan';
import type { DemoUseCases } from './use-cases';

export interface SeedProgress {
  phase: string;
  storiesDone: number;
  storiesTotal: number;
  commands: number;
  events: number;
}

export interface SeedOptions {
  /** How many independent stories run at once. */
  readonly concurrency?: number;
  readonly onPhase?: (phase: string, stories: number) => void;
}

export interface SeedSummary {
  readonly commands: number;
  readonly events: number;
  readonly elapsedMs: number;
  readonly byPhase: { phase: string; stories: number; commands: number; events: number; ms: number }[];
}

const ADMIN: Actor = { subject: 'demo-admin', role: 'admin' };
const ASSESSORS: Actor[] = [
  { subject: 'demo-assessor-1', role: 'assessor' },
  { subject: 'demo-assessor-2', role: 'assessor' },
  { subject: 'demo-assessor-3', role: 'assessor' },
];
const PANEL: Actor = { subject: 'demo-panel-1', role: 'panel' };
const brokerOf = (alliance: AllianceCode): Actor => ({
  subject: `demo-broker-${alliance.toLowerCase()}`,
  role: 'broker',
  alliance,
});

/**
 * Drives a planned history through the API's use cases, story by story (a round, an application from
 * submission to designation, a placement from request to impact evaluation), independent stories side by
 * side. Each step's clock is its historical instant; its causation id derives from the plan, so running the
 * same plan again decides nothing new and writes nothing.
 */
export class DemoSeeder {
  readonly progress: SeedProgress = {
    phase: 'starting',
    storiesDone: 0,
    storiesTotal: 0,
    commands: 0,
    events: 0,
  };
  /** The LLE's person id by application index, once designated. */
  private readonly lleIds = new Map<number, string>();

  constructor(
    private readonly useCases: DemoUseCases,
    private readonly plan: DemoPlan,
    private readonly options: SeedOptions = {},
  ) {}

  async run(): Promise<SeedSummary> {
    const started = Date.now();
    const byPhase: SeedSummary['byPhase'] = [];
    const phase = async <T>(name: string, items: readonly T[], story: (item: T) => Promise<void>) => {
      const before = { commands: this.progress.commands, events: this.progress.events, at: Date.now() };
      Object.assign(this.progress, { phase: name, storiesDone: 0, storiesTotal: items.length });
      this.options.onPhase?.(name, items.length);
      await inPool(items, this.options.concurrency ?? 8, async (item) => {
        await story(item);
        this.progress.storiesDone++;
      });
      byPhase.push({
        phase: name,
        stories: items.length,
        commands: this.progress.commands - before.commands,
        events: this.progress.events - before.events,
        ms: Date.now() - before.at,
      });
    };
    const { plan } = this;
    await phase('rounds', plan.rounds, (round) => this.roundStory(round));
    await phase('NLEs and clusters', ['CATSA', 'CATTSA', 'CASSA', 'ANGLIAN_GATEWAY'] as const, (alliance) =>
      this.clusterStory(alliance),
    );
    await phase('applications', plan.applications, (application) => this.applicationStory(application));
    await phase('placements', plan.placements, (placement) => this.placementStory(placement));
    return {
      commands: this.progress.commands,
      events: this.progress.events,
      elapsedMs: Date.now() - started,
      byPhase,
    };
  }

  // ---- Stories --------------------------------------------------------------------------------------------

  private async roundStory(round: DemoPlan['rounds'][number]): Promise<void> {
    const { roundId, alliance, opensOn, closesOn, decisionsBy, inductionDates } = round;
    const step = this.steps(`round/${alliance}`);
    await this.count(
      this.useCases.scheduleRound.execute(
        new ScheduleRoundCommand({
          type: 'ScheduleRound',
          data: { roundId, alliance, opensOn, closesOn, decisionsBy, inductionDates },
          metadata: step('schedule', round.scheduledOn, ADMIN),
        }),
      ),
    );
  }

  private async clusterStory(alliance: AllianceCode): Promise<void> {
    const nle = this.plan.nles.find((candidate) => candidate.alliance === alliance)!;
    const step = this.steps(`nle/${alliance}`);
    const { personId } = await this.count(
      this.useCases.recordSystemLeader.execute(
        new RecordSystemLeaderCommand(
          {
            person: { ...nle.person, organisation: alliance, jobTitle: 'Headteacher' },
            role: 'NLE',
            schoolUrn: nle.schoolUrn,
            alliance,
            designatedOn: nle.designatedOn,
          },
          step('record', nle.recordedOn, ADMIN),
        ),
      ),
    );
    for (const cluster of this.plan.clusters.filter((candidate) => candidate.alliance === alliance)) {
      await this.count(
        this.useCases.formCluster.execute(
          new FormClusterCommand({
            type: 'FormCluster',
            data: {
              clusterId: cluster.clusterId,
              alliance,
              name: cluster.name,
              nleId: personId,
              competencies: [...COMPETENCIES],
            },
            metadata: step(`cluster/${cluster.clusterId}`, cluster.formedOn, ADMIN),
          }),
        ),
      );
    }
  }

  private async applicationStory(plan: ApplicationPlan): Promise<void> {
    const { useCases } = this;
    const step = this.steps(`application/${plan.index}`);
    const applicationId = await this.submit(plan, step('submit', plan.submittedOn, ADMIN));
    const { state } = await useCases.streams.application(applicationId);
    if (state.status === 'none') throw new Error(`Application ${applicationId} was not recorded`);
    const { precheck } = state.application;
    await this.count(
      useCases.verifyPartA.execute(
        new VerifyPartACommand({
          type: 'VerifyPartA',
          data: {
            applicationId,
            verdicts: ELIGIBILITY_CRITERIA.map((criterion) => ({
              criterion,
              verdict: precheck.find((p) => p.criterion === criterion)?.result ?? 'met',
              evidenceNote: `Checked the evidence supplied for ${criterion.toLowerCase().replaceAll('_', ' ')}`,
            })),
          },
          metadata: step('part-a', plan.verifiedOn, ASSESSORS[plan.index % 3]!),
        }),
      ),
    );
    for (const [k, assessor] of [
      ASSESSORS[(plan.index + 1) % 3]!,
      ASSESSORS[(plan.index + 2) % 3]!,
    ].entries()) {
      const strong = plan.decision === 'designate';
      await this.count(
        useCases.assessPartB.execute(
          new AssessPartBCommand({
            type: 'AssessPartB',
            data: {
              applicationId,
              scores: [
                { area: 'impact', score: strong ? 3 + ((plan.index + k) % 2) : 1 + k },
                { area: 'coaching', score: strong ? 3 + (k % 2) : 2 },
              ],
              comment: strong
                ? 'Clear evidence of impact on other schools'
                : 'Little evidence yet of work beyond the own school',
            },
            metadata: step(`part-b/${k}`, plan.assessedOn, assessor),
          }),
        ),
      );
    }
    await this.count(
      useCases.reviewReference.execute(
        new ReviewReferenceCommand({
          type: 'ReviewReference',
          data: {
            applicationId,
            supportsApplication: true,
            commitsToDeploying: true,
            notes: 'The referee commits to deploying the applicant in the alliance',
          },
          metadata: step('reference', plan.reviewedOn, ASSESSORS[plan.index % 3]!),
        }),
      ),
    );
    await this.count(
      useCases.recordPanelDecision.execute(
        new RecordPanelDecisionCommand({
          type: 'RecordPanelDecision',
          data: {
            applicationId,
            decision: plan.decision,
            reasons:
              plan.decision === 'designate'
                ? 'Meets every criterion; strong evidence in Part B'
                : 'Part B does not yet show enough impact beyond the applicant’s own school',
          },
          metadata: step('panel', plan.decidedOn, PANEL),
        }),
      ),
    );
    const { designation } = plan;
    if (designation === undefined) return;
    const { lleId } = await this.count(
      useCases.designateLLE.execute(
        new DesignateLLECommand(
          {
            applicationId,
            from: designation.from,
            reviewOn: designation.reviewOn,
            daysPerAcademicYear: designation.daysPerAcademicYear,
          },
          step('designate', designation.from, ADMIN),
        ),
      ),
    );
    this.lleIds.set(plan.index, lleId);
    await this.count(
      useCases.addLLEToCluster.execute(
        new AddLLEToClusterCommand({
          type: 'AddLLEToCluster',
          data: { lleId, clusterId: designation.clusterId },
          metadata: step('cluster', designation.assignedOn, ADMIN),
        }),
      ),
    );
  }

  /**
   * The application's id: submitted through the API's handler, unless the applicant already has one in the
   * round (a second run: a declined application is no longer live, and submitting again would be new).
   */
  private async submit(plan: ApplicationPlan, metadata: CommandMetadata): Promise<string> {
    const known = await this.useCases.people.store.findByEmail(plan.applicant.email);
    if (known !== undefined) {
      const { onRecord } = await this.useCases.streams.applicationsOf(plan.roundId, known);
      if (onRecord[0] !== undefined) return onRecord[0].applicationId;
    }
    const { applicationId } = await this.count(
      this.useCases.submitApplication.execute(
        new SubmitApplicationCommand(
          {
            applicant: plan.applicant,
            alliance: plan.alliance,
            roundId: plan.roundId,
            schoolUrn: plan.schoolUrn,
            partA: partAOf(plan),
            partB: [
              {
                area: 'impact',
                text: `How ${plan.applicant.fullName} raised standards with partner schools`,
              },
              { area: 'coaching', text: `How ${plan.applicant.fullName} coaches and mentors other heads` },
            ],
            referee: plan.referee,
          },
          metadata,
        ),
      ),
    );
    return applicationId;
  }

  private async placementStory(plan: PlacementPlan): Promise<void> {
    const { brokerage, transferDays } = this.useCases;
    const lleId = this.lleIds.get(plan.applicationIndex);
    if (lleId === undefined)
      throw new Error(`No LLE was designated for application ${plan.applicationIndex}`);
    const step = this.steps(`placement/${plan.index}`);
    const broker = brokerOf(plan.alliance);
    const lle: Actor = { subject: lleId, role: 'lle' };
    const { requestId } = await this.count(
      brokerage.requestSupport(
        {
          alliance: plan.alliance,
          requestingBody: plan.requestingBody,
          recipientUrn: plan.recipientUrn,
          need: plan.need,
          phase: plan.phase,
          preferredStart: plan.startDate,
          halfDaysHopedFor: plan.halfDaysHopedFor,
        },
        step('request', plan.requestedOn, broker),
      ),
    );
    const { placementId } = await this.count(
      brokerage.brokerPlacement(
        {
          requestId,
          lleId,
          halfDaysAgreed: plan.halfDaysAgreed,
          startDate: plan.startDate,
          endPoint: plan.endPoint,
          dayRatePence: plan.dayRatePence,
          lleSchoolShareBps: plan.lleSchoolShareBps,
          objectives: plan.objectives,
          ...(plan.guidelineOverride ? { guidelineOverride: plan.guidelineOverride } : {}),
        },
        step('broker', plan.brokeredOn, broker),
      ),
    );
    let deputy: Actor | undefined;
    if (plan.transfer !== undefined) {
      const { personId } = await this.count(
        transferDays.execute(
          new TransferDaysCommand(
            {
              placementId,
              staff: { ...plan.transfer.deputy, jobTitle: 'Deputy headteacher' },
              role: 'Deputy head',
              halfDays: plan.transfer.halfDays,
            },
            step('transfer', plan.transfer.on, lle, 8),
          ),
        ),
      );
      deputy = { subject: personId, role: 'lle' };
    }
    for (const day of plan.days) {
      const actor = day.by === 'deputy' ? deputy : lle;
      if (actor === undefined) throw new Error(`Placement ${plan.index} has a deputy's day but no transfer`);
      // A day voided on an earlier run refuses its id again (a day delivered after all gets a new id).
      if (day.voidReason !== undefined && (await this.isLogged(placementId, day.dayId))) continue;
      await this.count(
        brokerage.logSupportDay(
          { placementId, dayId: day.dayId, date: day.date, length: day.length, note: noteFor(day) },
          step(`day/${day.dayId}`, day.date, actor, 16),
        ),
      );
      if (day.voidReason !== undefined) {
        await this.count(
          brokerage.voidSupportDay(
            { placementId, dayId: day.dayId, reason: day.voidReason },
            step(`void/${day.dayId}`, addDays(day.date, 1), broker),
          ),
        );
      }
    }
    const { ending } = plan;
    await this.count(
      ending.kind === 'completed'
        ? brokerage.completePlacement(placementId, step('complete', ending.on, broker, 17))
        : brokerage.endPlacementEarly(placementId, ending.reason!, step('end-early', ending.on, broker, 17)),
    );
    if (plan.evaluation !== undefined) {
      const { on, ...evaluation } = plan.evaluation;
      await this.count(
        brokerage.recordImpactEvaluation({ placementId, ...evaluation }, step('impact', on, broker)),
      );
    }
  }

  // ---- Helpers ---------------------------------------------------------------------------------------------

  /** The metadata of each step of one story: one correlation id, causation ids fixed by the plan. */
  private steps(story: string) {
    const correlationId = uuidV5Of(`demo/${this.plan.tag}/${story}`);
    return (name: string, date: LocalDate, actor: Actor, hour = 10): CommandMetadata => ({
      now: at(date, hour),
      actor,
      correlationId,
      causationId: uuidV5Of(`demo/${this.plan.tag}/${story}/${name}`),
    });
  }

  private async isLogged(placementId: string, dayId: string): Promise<boolean> {
    const { state } = await this.useCases.brokerage.streams.placement(placementId);
    return state.status !== 'none' && supportDayOf(state, dayId) !== undefined;
  }

  private async count<R extends CommandResult>(work: Promise<R>): Promise<R> {
    const result = await work;
    this.progress.commands++;
    this.progress.events += result.written;
    return result;
  }
}

function partAOf(plan: ApplicationPlan): PartA {
  const evidence = (what: string): string => `${what} (${plan.applicant.fullName})`;
  return {
    headship: { headteacherSince: plan.headteacherSince, evidence: evidence('Appointment letter') },
    expectedStay: { years: 3, evidence: evidence('Governors’ succession plan') },
    accountability: { schoolUrns: [plan.schoolUrn], evidence: evidence('Head of the school') },
    support: {
      governingBody: true,
      localAuthority: true,
      seniorEducationalProfessional: false,
      evidence: evidence('Letters from the chair of governors and the LA'),
    },
    coaching: { othersCoached: 2 + (plan.index % 3), evidence: evidence('Mentored new heads') },
    timeCommitment: { commits: true, evidence: evidence('The deputy covers support days') },
    inspection: {
      latest: {
        framework: 'single-word-grade',
        outcome: plan.index % 4 === 0 ? 'outstanding' : 'good',
        inspectedOn: '2023-05-10',
      },
      evidence: evidence('Inspection report'),
    },
    pupilPerformance: {
      trend: 'continued_improvement',
      academicYears: ['2021/22', '2022/23', '2023/24'],
      evidence: evidence('Performance tables'),
    },
    minimumStandards: { above: true, evidence: evidence('Performance tables') },
    seniorLeaders: {
      experiencedWithCapacity: true,
      evidence: evidence('An experienced deputy and two assistant heads'),
    },
    workingTowards: [],
  };
}

/** Runs `work` on every item, at most `concurrency` at once; the first failure stops the rest and is thrown. */
async function inPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
