import { Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '@lle/auth';
import { dateInEngland, type Actor } from '@lle/domain';
import {
  DeploymentDashboardQuery,
  emptyDeploymentDashboard,
  type DashboardLle,
  type DeploymentFilter,
  type DeploymentPlacement,
  type DeploymentRow,
  type LleCapacityLoad,
  type WaitingRequest,
} from '@lle/read-models';
import { poundsOf } from '../finance/shared/finance-format';
import { ReadYourWritesGate } from '../queries/read-your-writes';
import { RequestValidationError } from '../http/http-errors';
import { AREA_COLUMNS, days, jsonOrCsv, rowsThenTotal, sendCsv, type CsvColumn } from './dashboard-csv';
import { areaFilterFor, DashboardController, DashboardView } from './dashboard-view.decorator';
import { DeploymentDashboardDto, DeploymentLlesDto, DeploymentPlacementsDto } from './dashboards.dto';

const DASHBOARD = ['deployment_dashboard'];
const NAMED = ['deployment_dashboard', 'schools'];

const ROW_COLUMNS: CsvColumn<DeploymentRow>[] = [
  ...AREA_COLUMNS,
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
  ...AREA_COLUMNS,
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
  ...AREA_COLUMNS,
  { header: 'Request id', value: (r) => r.requestId },
  { header: 'Recipient URN', value: (r) => r.recipientUrn },
  { header: 'Recipient', value: (r) => r.recipientName },
  { header: 'Requested on', value: (r) => r.requestedOn },
  { header: 'Days waiting', value: (r) => r.waitingDays },
];

const LLE_COLUMNS: CsvColumn<DashboardLle>[] = [
  ...AREA_COLUMNS,
  { header: 'LLE id', value: (l) => l.lleId },
  { header: 'School URN', value: (l) => l.schoolUrn },
  { header: 'Status', value: (l) => l.status },
  { header: 'Designated from', value: (l) => l.designatedFrom },
];

const LOAD_COLUMNS: CsvColumn<LleCapacityLoad>[] = [
  ...AREA_COLUMNS,
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
@DashboardController('dashboards/deployment')
export class DeploymentDashboardController {
  constructor(
    private readonly dashboards: DeploymentDashboardQuery,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @DashboardView({
    summary:
      'LLEs designated, active and deployed; days agreed, delivered, transferred and remaining; placements by ' +
      'status and over the guideline (with the reasons); requests waiting and how long: per alliance, local ' +
      'authority, phase and academic year, with the totals of the selection',
    answer: '{ rows, totals }: days in half-days; as CSV one line per row, then Total',
  })
  async dashboard(
    @Query() query: DeploymentDashboardDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const dashboard = await this.read(DASHBOARD, actor, query, (filter) => this.dashboards.dashboard(filter));
    const answer = dashboard ?? emptyDeploymentDashboard(query.asOf ?? dateInEngland(new Date()));
    return jsonOrCsv(reply, query.format, 'deployment-dashboard', ROW_COLUMNS, answer, rowsThenTotal);
  }

  @DashboardView({
    path: 'placements',
    summary:
      'The placements behind a figure of the rows the filters select, with their part in it, by start date: ' +
      'a page at a time (the figure itself is on the dashboard row)',
    answer:
      '{ placements, next }: a page of placements with their part in the figure (days in half-days); pass ' +
      '`next` back as `after` for the page after (null on the last). As CSV, every placement, one line each',
  })
  async placements(
    @Query() query: DeploymentPlacementsDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    if (query.format === 'csv') {
      // The CSV is an export of the whole figure: paging it would be a request for part of a spreadsheet.
      const paging = (['limit', 'after'] as const).filter((field) => query[field] !== undefined);
      if (paging.length > 0) {
        throw new RequestValidationError(
          paging.map((field) => ({
            field,
            messages: [`${field} pages the JSON; the CSV holds every placement`],
          })),
        );
      }
      const every = await this.read(NAMED, actor, query, (f) =>
        this.dashboards.everyPlacement(f, query.figure),
      );
      return sendCsv(reply, 'deployment-placements', PLACEMENT_COLUMNS, every ?? []);
    }
    const page = await this.read(NAMED, actor, query, (f) =>
      this.dashboards.placements(f, query.figure, { limit: query.limit, after: query.after }),
    );
    return page ?? { placements: [], next: null };
  }

  @DashboardView({
    path: 'requests',
    summary: 'The requests behind requestsWaiting: waiting on asOf, with the days waited',
    answer: 'The requests waiting, oldest first; as CSV one line each',
  })
  async requests(
    @Query() query: DeploymentDashboardDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const requests = await this.read(NAMED, actor, query, (filter) =>
      this.dashboards.waitingRequests(filter),
    );
    return jsonOrCsv(reply, query.format, 'deployment-requests', REQUEST_COLUMNS, requests ?? []);
  }

  @DashboardView({
    path: 'lles',
    summary: 'The LLEs behind llesDesignated or llesActive, per academic year',
    answer: 'The LLEs counted, per academic year; as CSV one line each',
  })
  async lles(
    @Query() query: DeploymentLlesDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const lles = await this.read(DASHBOARD, actor, query, (filter) =>
      this.dashboards.lles(filter, query.figure),
    );
    return jsonOrCsv(reply, query.format, 'deployment-lles', LLE_COLUMNS, lles ?? []);
  }

  @DashboardView({
    path: 'lle-loads',
    summary:
      "Each LLE's load per academic year against their capacity (filtered by the LLE's alliance and school)",
    answer: 'One entry per LLE and academic year (days in half-days); as CSV one line each',
  })
  async lleLoads(
    @Query() query: DeploymentDashboardDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const loads = await this.read(DASHBOARD, actor, query, (filter) => this.dashboards.lleLoads(filter));
    return jsonOrCsv(reply, query.format, 'deployment-lle-loads', LOAD_COLUMNS, loads ?? []);
  }

  /**
   * Waits until the read models named have caught up with `atLeast`, then reads with the query's filters as
   * the actor may see them; undefined when a broker asks for another alliance.
   */
  private async read<T>(
    readModels: string[],
    actor: Actor,
    query: DeploymentDashboardDto,
    read: (filter: DeploymentFilter) => Promise<T>,
  ): Promise<T | undefined> {
    await this.readYourWrites.reach(readModels, query.atLeast);
    const area = areaFilterFor(actor, query);
    return area ? read({ ...area, asOf: query.asOf ?? dateInEngland(new Date()) }) : undefined;
  }
}
