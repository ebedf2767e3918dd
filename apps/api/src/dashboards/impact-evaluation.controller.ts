import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '@lle/auth';
import type { Actor, AllianceCode } from '@lle/domain';
import {
  ImpactEvaluationQuery,
  type CompetencyOutcome,
  type ImpactFilter,
  type ImpactRow,
  type PlacementImpact,
  type RecipientYearSupport,
} from '@lle/read-models';
import { ApiQueryErrors } from '../http/api-errors.decorator';
import { ReadYourWritesGate } from '../queries/read-your-writes';
import { allianceFor } from '../queries/scoping';
import { ApiJsonOrCsv, days, sendCsv, type CsvColumn } from './dashboard-csv';
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

const SUMMARY_COLUMNS: CsvColumn<ImpactRow>[] = [
  { header: 'Academic year', value: (r) => r.academicYear },
  { header: 'Alliance', value: (r) => r.alliance },
  { header: 'LA code', value: (r) => r.laCode },
  { header: 'Local authority', value: (r) => r.laName },
  { header: 'Phase', value: (r) => r.phase },
  ...COMPLETION_COLUMNS,
];

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
@ApiTags('dashboards')
@Controller('dashboards/impact')
@Roles('admin', 'broker', 'finance', 'auditor')
export class ImpactEvaluationController {
  constructor(
    private readonly impact: ImpactEvaluationQuery,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Placements completed against ended early, evaluated and how they came out, days delivered against ' +
      'agreed: per alliance, local authority, phase and academic year, with the totals of the selection',
  })
  @ApiJsonOrCsv('{ rows, totals }: days in half-days; as CSV one line per row, then Total')
  @ApiQueryErrors()
  async summary(
    @Query() query: ImpactDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.readYourWrites.reach(IMPACT, query.atLeast);
    const filter = filterFor(actor, query);
    const summary = await this.impact.summary(filter ?? NOTHING);
    if (query.format !== 'csv') return summary;
    const total: ImpactRow = {
      ...summary.totals,
      academicYear: 'Total',
      alliance: '' as AllianceCode,
      laCode: null,
      laName: null,
      phase: '',
    };
    return sendCsv(reply, 'impact-summary', SUMMARY_COLUMNS, [...summary.rows, total]);
  }

  @Get('competencies')
  @ApiOperation({
    summary: 'Per cluster and competency: the evaluated placements that rated it, met, partly met or not met',
  })
  @ApiJsonOrCsv('One entry per cluster and competency; as CSV one line each')
  @ApiQueryErrors()
  async competencies(
    @Query() query: ImpactDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.readYourWrites.reach(IMPACT, query.atLeast);
    const rows = await this.impact.competencies(filterFor(actor, query) ?? NOTHING);
    return query.format === 'csv' ? sendCsv(reply, 'impact-competencies', COMPETENCY_COLUMNS, rows) : rows;
  }

  @Get('placements')
  @ApiOperation({ summary: "Each placement's objectives against outcomes and evidence, by start date" })
  @ApiJsonOrCsv('Placements with their objectives; as CSV one line per objective')
  @ApiQueryErrors()
  async placements(
    @Query() query: ImpactDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.readYourWrites.reach(IMPACT, query.atLeast);
    const placements = await this.impact.placements(filterFor(actor, query) ?? NOTHING);
    if (query.format !== 'csv') return placements;
    const lines = placements.flatMap((placement): ObjectiveLine[] =>
      placement.objectives.length === 0
        ? [{ placement, objective: undefined }]
        : placement.objectives.map((objective) => ({ placement, objective })),
    );
    return sendCsv(reply, 'impact-placements', OBJECTIVE_COLUMNS, lines);
  }

  @Get('recipients')
  @ApiOperation({ summary: 'Each recipient school’s support per academic year: placements, days, outcomes' })
  @ApiJsonOrCsv('One entry per school and academic year; as CSV one line each')
  @ApiQueryErrors()
  async recipients(
    @Query() query: ImpactDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.readYourWrites.reach(IMPACT, query.atLeast);
    const rows = await this.impact.recipients(filterFor(actor, query) ?? NOTHING);
    return query.format === 'csv' ? sendCsv(reply, 'impact-recipients', RECIPIENT_COLUMNS, rows) : rows;
  }
}

/** A filter no placement passes: what a broker asking for another alliance sees. */
const NOTHING: ImpactFilter = { recipientUrn: -1 };

/** The query's filters as the actor may see them; null when a broker asks for another alliance. */
function filterFor(actor: Actor, query: ImpactDto): ImpactFilter | null {
  const alliance = allianceFor(actor, query.alliance);
  if (alliance === null) return null;
  return {
    alliance,
    laCode: query.la,
    phase: query.phase,
    academicYear: query.academicYear,
    recipientUrn: query.recipientUrn,
  };
}
