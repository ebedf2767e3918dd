import { Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '@lle/auth';
import type { Actor } from '@lle/domain';
import {
  ImpactEvaluationQuery,
  type CompetencyOutcome,
  type DeploymentRowKey,
  type ImpactFilter,
  type ImpactRow,
  type PlacementImpact,
  type RecipientYearSupport,
} from '@lle/read-models';
import { ReadYourWritesGate } from '../queries/read-your-writes';
import { AREA_COLUMNS, days, jsonOrCsv, rowsThenTotal, type CsvColumn } from './dashboard-csv';
import { areaFilterFor, DashboardController, DashboardView } from './dashboard-view.decorator';
import { ImpactDto } from './dashboards.dto';

const IMPACT = ['impact_evaluation', 'schools'];

type Completion = Omit<ImpactRow, 'alliance' | 'laCode' | 'laName' | 'phase' | 'academicYear'>;

const COMPLETION_COLUMNS: CsvColumn<Completion>[] = [
  { header: 'Placements', value: (r) => r.placements },
  { header: 'In progress', value: (r) => r.inProgress },
  { header: 'Completed', value: (r) => r.completed },
  { header: 'Ended early', value: (r) => r.endedEarly },
  { header: 'Evaluated', value: (r) => r.evaluated },
  { header: 'Met', value: (r) => r.met },
  { header: 'Partly met', value: (r) => r.partlyMet },
  { header: 'Not met', value: (r) => r.notMet },
  { header: 'Days agreed', value: (r) => days(r.halfDaysAgreed) },
  { header: 'Days delivered', value: (r) => days(r.halfDaysDelivered) },
];

const SUMMARY_COLUMNS: CsvColumn<DeploymentRowKey & Completion>[] = [...AREA_COLUMNS, ...COMPLETION_COLUMNS];

const COMPETENCY_COLUMNS: CsvColumn<CompetencyOutcome>[] = [
  { header: 'Alliance', value: (c) => c.alliance },
  { header: 'Cluster id', value: (c) => c.clusterId },
  { header: 'Cluster', value: (c) => c.clusterName },
  { header: 'Competency id', value: (c) => c.competencyId },
  { header: 'Competency', value: (c) => c.competencyName },
  { header: 'Placements evaluated', value: (c) => c.evaluated },
  { header: 'Met', value: (c) => c.met },
  { header: 'Partly met', value: (c) => c.partlyMet },
  { header: 'Not met', value: (c) => c.notMet },
  { header: 'Mean rating', value: (c) => c.meanRating.toFixed(2) },
];

/** One line per objective of each placement (a placement with none still has its line). */
interface ObjectiveLine {
  readonly placement: PlacementImpact;
  readonly objective: PlacementImpact['objectives'][number] | undefined;
}

const OBJECTIVE_COLUMNS: CsvColumn<ObjectiveLine>[] = [
  { header: 'Placement id', value: ({ placement: p }) => p.placementId },
  { header: 'Academic year', value: ({ placement: p }) => p.academicYear },
  { header: 'Alliance', value: ({ placement: p }) => p.alliance },
  { header: 'LA code', value: ({ placement: p }) => p.laCode },
  { header: 'Local authority', value: ({ placement: p }) => p.laName },
  { header: 'Phase', value: ({ placement: p }) => p.phase },
  { header: 'LLE id', value: ({ placement: p }) => p.lleId },
  { header: 'Recipient URN', value: ({ placement: p }) => p.recipientUrn },
  { header: 'Recipient', value: ({ placement: p }) => p.recipientName },
  { header: 'Status', value: ({ placement: p }) => p.status },
  { header: 'Ended on', value: ({ placement: p }) => p.endedOn },
  { header: 'End reason', value: ({ placement: p }) => p.endReason },
  { header: 'Days agreed', value: ({ placement: p }) => days(p.halfDaysAgreed) },
  { header: 'Days delivered', value: ({ placement: p }) => days(p.halfDaysDelivered) },
  { header: 'Evaluated on', value: ({ placement: p }) => p.evaluatedOn },
  { header: 'Placement outcome', value: ({ placement: p }) => p.outcome },
  { header: 'Objective id', value: ({ objective: o }) => o?.objectiveId ?? null },
  { header: 'Objective', value: ({ objective: o }) => o?.description ?? null },
  { header: 'Outcome', value: ({ objective: o }) => o?.outcome ?? null },
  { header: 'Evidence', value: ({ objective: o }) => o?.evidence ?? null },
  {
    header: 'Ratings',
    value: ({ objective: o }) => (o?.ratings ?? []).map((r) => `${r.competencyId}: ${r.rating}`).join('; '),
  },
];

const RECIPIENT_COLUMNS: CsvColumn<RecipientYearSupport>[] = [
  { header: 'Recipient URN', value: (r) => r.recipientUrn },
  { header: 'Recipient', value: (r) => r.recipientName },
  { header: 'LA code', value: (r) => r.laCode },
  { header: 'Local authority', value: (r) => r.laName },
  { header: 'Academic year', value: (r) => r.academicYear },
  ...COMPLETION_COLUMNS,
];

/**
 * Impact evaluation (projection `impact_evaluation`): completed against ended early and days delivered
 * against agreed per row, outcomes per cluster and competency, each placement's objectives against outcomes
 * and evidence, and each recipient school's support over the years; JSON, or CSV with `?format=csv`.
 */
@DashboardController('dashboards/impact')
export class ImpactEvaluationController {
  constructor(
    private readonly impact: ImpactEvaluationQuery,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @DashboardView({
    summary:
      'Placements completed against ended early, evaluated and how they came out, days delivered against ' +
      'agreed: per alliance, local authority, phase and academic year, with the totals of the selection',
    answer: '{ rows, totals }: days in half-days; as CSV one line per row, then Total',
  })
  async summary(
    @Query() query: ImpactDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const summary = await this.read(actor, query, (filter) => this.impact.summary(filter));
    return jsonOrCsv(reply, query.format, 'impact-summary', SUMMARY_COLUMNS, summary, rowsThenTotal);
  }

  @DashboardView({
    path: 'competencies',
    summary: 'Per cluster and competency: the evaluated placements that rated it, met, partly met or not met',
    answer: 'One entry per cluster and competency; as CSV one line each',
  })
  async competencies(
    @Query() query: ImpactDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const rows = await this.read(actor, query, (filter) => this.impact.competencies(filter));
    return jsonOrCsv(reply, query.format, 'impact-competencies', COMPETENCY_COLUMNS, rows);
  }

  @DashboardView({
    path: 'placements',
    summary: "Each placement's objectives against outcomes and evidence, by start date",
    answer: 'Placements with their objectives; as CSV one line per objective',
  })
  async placements(
    @Query() query: ImpactDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const placements = await this.read(actor, query, (filter) => this.impact.placements(filter));
    return jsonOrCsv(reply, query.format, 'impact-placements', OBJECTIVE_COLUMNS, placements, objectiveLines);
  }

  @DashboardView({
    path: 'recipients',
    summary: 'Each recipient school’s support per academic year: placements, days, outcomes',
    answer: 'One entry per school and academic year; as CSV one line each',
  })
  async recipients(
    @Query() query: ImpactDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const rows = await this.read(actor, query, (filter) => this.impact.recipients(filter));
    return jsonOrCsv(reply, query.format, 'impact-recipients', RECIPIENT_COLUMNS, rows);
  }

  /**
   * Waits until the read models have caught up with `atLeast`, then reads with the query's filters as the
   * actor may see them (a filter no placement passes when a broker asks for another alliance).
   */
  private async read<T>(
    actor: Actor,
    query: ImpactDto,
    read: (filter: ImpactFilter) => Promise<T>,
  ): Promise<T> {
    await this.readYourWrites.reach(IMPACT, query.atLeast);
    const area = areaFilterFor(actor, query);
    return read(area ? { ...area, recipientUrn: query.recipientUrn } : NOTHING);
  }
}

/** A filter no placement passes: what a broker asking for another alliance sees. */
const NOTHING: ImpactFilter = { recipientUrn: -1 };

function objectiveLines(placements: readonly PlacementImpact[]): ObjectiveLine[] {
  return placements.flatMap((placement): ObjectiveLine[] =>
    placement.objectives.length === 0
      ? [{ placement, objective: undefined }]
      : placement.objectives.map((objective) => ({ placement, objective })),
  );
}
