import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '@lle/auth';
import { dateInEngland, type Actor, type AllianceCode } from '@lle/domain';
import {
  DeploymentDashboardQuery,
  emptyDeploymentDashboard,
  type DashboardLle,
  type DeploymentDashboard,
  type DeploymentFilter,
  type DeploymentPlacement,
  type DeploymentRow,
  type LleCapacityLoad,
  type WaitingRequest,
} from '@lle/read-models';
import { poundsOf } from '../finance/shared/finance-format';
import { ApiQueryErrors } from '../http/api-errors.decorator';
import { ReadYourWritesGate } from '../queries/read-your-writes';
import { allianceFor } from '../queries/scoping';
import { ApiJsonOrCsv, days, sendCsv, type CsvColumn } from './dashboard-csv';
import {
  DeploymentDashboardDto,
  DeploymentLlesDto,
  DeploymentPlacementsDto,
  type DashboardFormat,
} from './dashboards.dto';

const DASHBOARD = ['deployment_dashboard'];
const NAMED = ['deployment_dashboard', 'schools'];

const KEY_COLUMNS: CsvColumn<Omit<DeploymentRow, keyof DeploymentDashboard['totals']>>[] = [
  { header: 'Academic year', value: (r) => r.academicYear },
  { header: 'Alliance', value: (r) => r.alliance },
  { header: 'LA code', value: (r) => r.laCode },
  { header: 'Local authority', value: (r) => r.laName },
  { header: 'Phase', value: (r) => r.phase },
];

const ROW_COLUMNS: CsvColumn<DeploymentRow>[] = [
  ...KEY_COLUMNS,
  { header: 'LLEs designated', value: (r) => r.llesDesignated },
  { header: 'LLEs active', value: (r) => r.llesActive },
  { header: 'LLEs deployed', value: (r) => r.llesDeployed },
  { header: 'Placements', value: (r) => r.placements },
  { header: 'Placements in progress', value: (r) => r.placementsInProgress },
  { header: 'Placements completed', value: (r) => r.placementsCompleted },
  { header: 'Placements ended early', value: (r) => r.placementsEndedEarly },
  { header: 'Placements over guideline', value: (r) => r.placementsOverGuideline },
  {
    header: 'Override reasons',
    value: (r) => r.overrideReasons.map((o) => `${o.reason} (${o.placements})`).join('; '),
  },
  { header: 'Days agreed', value: (r) => days(r.halfDaysAgreed) },
  { header: 'Days delivered', value: (r) => days(r.halfDaysDelivered) },
  { header: 'Days transferred', value: (r) => days(r.halfDaysTransferred) },
  { header: 'Days remaining', value: (r) => days(r.halfDaysRemaining) },
  { header: 'Requests waiting', value: (r) => r.requestsWaiting },
  { header: 'Days waited (total)', value: (r) => r.waitingDaysTotal },
  { header: 'Longest wait (days)', value: (r) => r.waitingDaysLongest },
];

const PLACEMENT_COLUMNS: CsvColumn<DeploymentPlacement>[] = [
  ...KEY_COLUMNS,
  { header: 'Placement id', value: (p) => p.placementId },
  { header: 'LLE id', value: (p) => p.lleId },
  { header: 'Recipient URN', value: (p) => p.recipientUrn },
  { header: 'Recipient', value: (p) => p.recipientName },
  { header: 'Status', value: (p) => p.status },
  { header: 'Placement academic year', value: (p) => p.placementAcademicYear },
  { header: 'Start date', value: (p) => p.startDate },
  { header: 'End point', value: (p) => p.endPointDate },
  { header: 'Ended on', value: (p) => p.endedOn },
  { header: 'Days agreed', value: (p) => days(p.halfDaysAgreed) },
  { header: 'Days delivered', value: (p) => days(p.halfDaysDelivered) },
  { header: 'Days transferred', value: (p) => days(p.halfDaysTransferred) },
  { header: 'Days remaining', value: (p) => days(p.halfDaysRemaining) },
  { header: 'Over guideline', value: (p) => (p.overGuideline ? 'yes' : 'no') },
  { header: 'Override reason', value: (p) => p.guidelineOverrideReason },
  { header: 'Day rate (£)', value: (p) => poundsOf(p.dayRatePence) },
];

const REQUEST_COLUMNS: CsvColumn<WaitingRequest>[] = [
  ...KEY_COLUMNS,
  { header: 'Request id', value: (r) => r.requestId },
  { header: 'Recipient URN', value: (r) => r.recipientUrn },
  { header: 'Recipient', value: (r) => r.recipientName },
  { header: 'Requested on', value: (r) => r.requestedOn },
  { header: 'Days waiting', value: (r) => r.waitingDays },
];

const LLE_COLUMNS: CsvColumn<DashboardLle>[] = [
  ...KEY_COLUMNS,
  { header: 'LLE id', value: (l) => l.lleId },
  { header: 'School URN', value: (l) => l.schoolUrn },
  { header: 'Status', value: (l) => l.status },
  { header: 'Designated from', value: (l) => l.designatedFrom },
];

const LOAD_COLUMNS: CsvColumn<LleCapacityLoad>[] = [
  { header: 'Academic year', value: (l) => l.academicYear },
  { header: 'Alliance', value: (l) => l.alliance },
  { header: 'LA code', value: (l) => l.laCode },
  { header: 'Local authority', value: (l) => l.laName },
  { header: 'Phase', value: (l) => l.phase },
  { header: 'LLE id', value: (l) => l.lleId },
  { header: 'School URN', value: (l) => l.schoolUrn },
  { header: 'Capacity (days)', value: (l) => days(l.capacityHalfDays) },
  { header: 'Placements', value: (l) => l.placements },
  { header: 'Placements in progress', value: (l) => l.placementsInProgress },
  { header: 'Days agreed', value: (l) => days(l.halfDaysAgreed) },
  { header: 'Days delivered', value: (l) => days(l.halfDaysDelivered) },
  { header: 'Days remaining', value: (l) => days(l.halfDaysRemaining) },
  { header: 'Load (% of capacity)', value: (l) => l.loadPercent },
];

/**
 * The deployment dashboard (projection `deployment_dashboard`): rows per alliance, local authority, phase
 * and academic year with the selection's totals, and the placements, requests and LLEs behind each figure;
 * each view as JSON or, with `?format=csv`, as CSV with the same figures. Brokers see their own alliance.
 */
@ApiTags('dashboards')
@Controller('dashboards/deployment')
@Roles('admin', 'broker', 'finance', 'auditor')
export class DeploymentDashboardController {
  constructor(
    private readonly dashboards: DeploymentDashboardQuery,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'LLEs designated, active and deployed; days agreed, delivered, transferred and remaining; placements by ' +
      'status and over the guideline (with the reasons); requests waiting and how long: per alliance, local ' +
      'authority, phase and academic year, with the totals of the selection',
  })
  @ApiJsonOrCsv('{ rows, totals }: days in half-days; as CSV one line per row, then Total')
  @ApiQueryErrors()
  async dashboard(
    @Query() query: DeploymentDashboardDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.readYourWrites.reach(DASHBOARD, query.atLeast);
    const filter = this.filterFor(actor, query);
    const dashboard = filter
      ? await this.dashboards.dashboard(filter)
      : emptyDeploymentDashboard(query.asOf ?? dateInEngland(new Date()));
    if (!csv(query.format)) return dashboard;
    const total: DeploymentRow = {
      ...dashboard.totals,
      academicYear: 'Total',
      alliance: '' as AllianceCode,
      laCode: null,
      laName: null,
      phase: null,
    };
    return sendCsv(reply, 'deployment-dashboard', ROW_COLUMNS, [...dashboard.rows, total]);
  }

  @Get('placements')
  @ApiOperation({
    summary: 'The placements behind a figure of the rows the filters select, with their part in it',
  })
  @ApiJsonOrCsv('The placements with their part in the figure (days in half-days); as CSV one line each')
  @ApiQueryErrors()
  async placements(
    @Query() query: DeploymentPlacementsDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.readYourWrites.reach(NAMED, query.atLeast);
    const filter = this.filterFor(actor, query);
    const placements = filter ? await this.dashboards.placements(filter, query.figure) : [];
    return csv(query.format)
      ? sendCsv(reply, 'deployment-placements', PLACEMENT_COLUMNS, placements)
      : placements;
  }

  @Get('requests')
  @ApiOperation({ summary: 'The requests behind requestsWaiting: waiting on asOf, with the days waited' })
  @ApiJsonOrCsv('The requests waiting, oldest first; as CSV one line each')
  @ApiQueryErrors()
  async requests(
    @Query() query: DeploymentDashboardDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.readYourWrites.reach(NAMED, query.atLeast);
    const filter = this.filterFor(actor, query);
    const requests = filter ? await this.dashboards.waitingRequests(filter) : [];
    return csv(query.format) ? sendCsv(reply, 'deployment-requests', REQUEST_COLUMNS, requests) : requests;
  }

  @Get('lles')
  @ApiOperation({ summary: 'The LLEs behind llesDesignated or llesActive, per academic year' })
  @ApiJsonOrCsv('The LLEs counted, per academic year; as CSV one line each')
  @ApiQueryErrors()
  async lles(
    @Query() query: DeploymentLlesDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.readYourWrites.reach(DASHBOARD, query.atLeast);
    const filter = this.filterFor(actor, query);
    const lles = filter ? await this.dashboards.lles(filter, query.figure) : [];
    return csv(query.format) ? sendCsv(reply, 'deployment-lles', LLE_COLUMNS, lles) : lles;
  }

  @Get('lle-loads')
  @ApiOperation({
    summary:
      "Each LLE's load per academic year against their capacity (filtered by the LLE's alliance and school)",
  })
  @ApiJsonOrCsv('One entry per LLE and academic year (days in half-days); as CSV one line each')
  @ApiQueryErrors()
  async lleLoads(
    @Query() query: DeploymentDashboardDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.readYourWrites.reach(DASHBOARD, query.atLeast);
    const filter = this.filterFor(actor, query);
    const loads = filter ? await this.dashboards.lleLoads(filter) : [];
    return csv(query.format) ? sendCsv(reply, 'deployment-lle-loads', LOAD_COLUMNS, loads) : loads;
  }

  /** The query's filters as the actor may see them; null when a broker asks for another alliance. */
  private filterFor(
    actor: Actor,
    query: Pick<DeploymentDashboardDto, 'alliance' | 'la' | 'phase' | 'academicYear' | 'asOf'>,
  ): DeploymentFilter | null {
    const alliance = allianceFor(actor, query.alliance);
    if (alliance === null) return null;
    return {
      alliance,
      laCode: query.la,
      phase: query.phase,
      academicYear: query.academicYear,
      asOf: query.asOf ?? dateInEngland(new Date()),
    };
  }
}

function csv(format: DashboardFormat | undefined): boolean {
  return format === 'csv';
}
