import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canSeeAlliance, CurrentActor, Roles } from '@lle/auth';
import type { Actor } from '@lle/domain';
import { ApplicationsQuery, ClustersQuery, LleDirectoryQuery, SystemLeadersQuery } from '@lle/read-models';
import { ApiQueryErrors } from '../http/api-errors.decorator';
import { uuidParam } from '../http/validation';
import { AtLeastQueryDto } from '../queries/at-least.dto';
import { ReadYourWritesGate } from '../queries/read-your-writes';
import { allianceFor, notFound } from '../queries/scoping';
import { PeopleView } from './people-view';
import {
  ListApplicationsDto,
  ListClustersDto,
  ListLlesDto,
  ListSystemLeadersDto,
} from './recruitment-queries.dto';

@ApiTags('recruitment')
@Controller()
export class RecruitmentQueriesController {
  constructor(
    private readonly applications: ApplicationsQuery,
    private readonly lles: LleDirectoryQuery,
    private readonly clusters: ClustersQuery,
    private readonly systemLeaders: SystemLeadersQuery,
    private readonly people: PeopleView,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @Get('applications')
  @Roles('admin', 'broker', 'assessor', 'panel', 'auditor')
  @ApiOperation({ summary: "The assessors' work queue: applications by round, next stage and status" })
  @ApiOkResponse({
    description: 'Applications, oldest first, with the applicant and referee names (or erased)',
  })
  @ApiQueryErrors()
  async listApplications(
    @Query() query: ListApplicationsDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown[]> {
    await this.readYourWrites.reach(['applications'], query.atLeast);
    const alliance = allianceFor(actor, query.alliance);
    if (alliance === null) return [];
    const { roundId, stage, status } = query;
    const rows = await this.applications.list({ roundId, stage, status, alliance });
    const names = await this.people.refs(rows.flatMap((row) => [row.applicantId, row.refereeId]));
    return rows.map((row) => ({
      ...row,
      position: row.position.toString(),
      applicant: names.get(row.applicantId),
      referee: names.get(row.refereeId),
    }));
  }

  @Get('applications/:applicationId')
  @Roles('admin', 'broker', 'assessor', 'panel', 'auditor')
  @ApiOperation({ summary: 'One application with its pre-check, Part A and B, and every stage on record' })
  @ApiQueryErrors()
  async getApplication(
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Query() query: AtLeastQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown> {
    await this.readYourWrites.reach(['applications'], query.atLeast);
    const detail = await this.applications.get(applicationId);
    if (!detail || !canSeeAlliance(actor, detail.alliance)) {
      throw notFound('APPLICATION_NOT_FOUND', `application ${applicationId}`);
    }
    const names = await this.people.refs([detail.applicantId, detail.refereeId]);
    // Text the applicant wrote, and what assessors wrote about them, is sealed with the applicant's key.
    const opened = await this.people.unsealed(detail.applicantId, detail);
    return {
      ...opened,
      applicant: names.get(detail.applicantId),
      refereePerson: names.get(detail.refereeId),
    };
  }

  @Get('lles')
  @ApiOperation({ summary: 'The LLE directory brokers choose from: by alliance, status and cluster' })
  @ApiQueryErrors()
  async listLles(@Query() query: ListLlesDto, @CurrentActor() actor: Actor): Promise<unknown[]> {
    await this.readYourWrites.reach(['lle_directory'], query.atLeast);
    const alliance = allianceFor(actor, query.alliance);
    if (alliance === null) return [];
    const rows = await this.lles.list({ status: query.status, clusterId: query.clusterId, alliance });
    const names = await this.people.refs(rows.map((row) => row.lleId));
    return rows.map((row) => ({ ...row, position: row.position.toString(), person: names.get(row.lleId) }));
  }

  @Get('lles/:lleId')
  @ApiOperation({ summary: "One LLE's directory entry" })
  @ApiQueryErrors()
  async getLle(
    @Param('lleId', uuidParam('lleId')) lleId: string,
    @Query() query: AtLeastQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown> {
    await this.readYourWrites.reach(['lle_directory'], query.atLeast);
    const lle = await this.lles.get(lleId);
    if (!lle || !canSeeAlliance(actor, lle.alliance)) throw notFound('LLE_NOT_FOUND', `LLE ${lleId}`);
    const names = await this.people.refs([lleId]);
    return { ...lle, position: lle.position.toString(), person: names.get(lleId) };
  }

  @Get('lles/:lleId/history')
  @ApiOperation({
    summary: "An LLE's designation history: designated, suspended, reinstated, ended, clusters",
  })
  @ApiQueryErrors()
  async lleHistory(
    @Param('lleId', uuidParam('lleId')) lleId: string,
    @Query() query: AtLeastQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown[]> {
    await this.readYourWrites.reach(['lle_directory'], query.atLeast);
    const lle = await this.lles.get(lleId);
    if (!lle || !canSeeAlliance(actor, lle.alliance)) throw notFound('LLE_NOT_FOUND', `LLE ${lleId}`);
    const history = await this.lles.history(lleId);
    return history.map((entry) => ({ ...entry, position: entry.position.toString() }));
  }

  @Get('clusters')
  @ApiOperation({ summary: 'Clusters with their NLE, competency framework and number of members' })
  @ApiQueryErrors()
  async listClusters(@Query() query: ListClustersDto, @CurrentActor() actor: Actor): Promise<unknown[]> {
    await this.readYourWrites.reach(['clusters', 'lle_directory'], query.atLeast);
    const alliance = allianceFor(actor, query.alliance);
    if (alliance === null) return [];
    const rows = await this.clusters.list({ alliance });
    const names = await this.people.refs(rows.map((row) => row.nleId));
    return rows.map((row) => ({ ...row, position: row.position.toString(), nle: names.get(row.nleId) }));
  }

  @Get('clusters/:clusterId')
  @ApiOperation({ summary: 'One cluster with its members' })
  @ApiQueryErrors()
  async getCluster(
    @Param('clusterId', uuidParam('clusterId')) clusterId: string,
    @Query() query: AtLeastQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown> {
    await this.readYourWrites.reach(['clusters', 'lle_directory'], query.atLeast);
    const cluster = await this.clusters.get(clusterId);
    if (!cluster || !canSeeAlliance(actor, cluster.alliance)) {
      throw notFound('CLUSTER_NOT_FOUND', `cluster ${clusterId}`);
    }
    const names = await this.people.refs([cluster.nleId, ...cluster.members.map((m) => m.lleId)]);
    return {
      ...cluster,
      position: cluster.position.toString(),
      nle: names.get(cluster.nleId),
      members: cluster.members.map((member) => ({ ...member, person: names.get(member.lleId) })),
    };
  }

  @Get('system-leaders')
  @ApiOperation({ summary: 'System leaders (NLE, SLE, NLG) by role and alliance' })
  @ApiQueryErrors()
  async listSystemLeaders(
    @Query() query: ListSystemLeadersDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown[]> {
    await this.readYourWrites.reach(['system_leaders'], query.atLeast);
    const alliance = allianceFor(actor, query.alliance);
    if (alliance === null) return [];
    const rows = await this.systemLeaders.list({ role: query.role, alliance });
    const names = await this.people.refs(rows.map((row) => row.personId));
    return rows.map((row) => ({
      ...row,
      position: row.position.toString(),
      person: names.get(row.personId),
    }));
  }
}
