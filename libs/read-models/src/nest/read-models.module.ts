import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '@lle/database';
import { ProjectionsModule, type ProjectionRunnerOptions } from '@lle/projections';
import { DataSource } from 'typeorm';
import { LleDiaryQuery } from '../brokerage/lle-load/lle-diary.query';
import { PlacementsQuery } from '../brokerage/placements/placements.query';
import { RecipientSupportQuery } from '../brokerage/recipient-support/recipient-support.query';
import { SupportRequestsQuery } from '../brokerage/support-requests/support-requests.query';
import { READ_MODEL_PROJECTIONS } from '../read-model-projections';
import { ApplicationsQuery } from '../recruitment/applications/applications.query';
import { ClustersQuery } from '../recruitment/clusters/clusters.query';
import { LleDirectoryQuery } from '../recruitment/lle-directory/lle-directory.query';
import { SystemLeadersQuery } from '../recruitment/system-leaders/system-leaders.query';
import { RoundsQuery } from '../rounds/rounds.query';
import { SchoolsQuery } from '../schools/schools.query';

const queries = [
  {
    provide: RoundsQuery,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new RoundsQuery(dataSource),
  },
  {
    provide: SchoolsQuery,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new SchoolsQuery(dataSource),
  },
  ...[
    ApplicationsQuery,
    LleDirectoryQuery,
    ClustersQuery,
    SystemLeadersQuery,
    SupportRequestsQuery,
    PlacementsQuery,
    LleDiaryQuery,
    RecipientSupportQuery,
  ].map((Query) => ({
    provide: Query,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new Query(dataSource),
  })),
];
const exported = [
  RoundsQuery,
  SchoolsQuery,
  ApplicationsQuery,
  LleDirectoryQuery,
  ClustersQuery,
  SystemLeadersQuery,
  SupportRequestsQuery,
  PlacementsQuery,
  LleDiaryQuery,
  RecipientSupportQuery,
];

/**
 * The read models with their queries. The API imports forApi(): the queries, ProjectionStatus and
 * ReadYourWrites, no runner. The worker imports forWorker(), which also runs every projection.
 */
@Module({})
export class ReadModelsModule {
  static forApi(): DynamicModule {
    return {
      module: ReadModelsModule,
      imports: [DatabaseModule, ProjectionsModule.forApi(READ_MODEL_PROJECTIONS)],
      providers: queries,
      exports: [ProjectionsModule, ...exported],
    };
  }

  static forWorker(options: ProjectionRunnerOptions = {}): DynamicModule {
    return {
      module: ReadModelsModule,
      imports: [DatabaseModule, ProjectionsModule.forWorker(READ_MODEL_PROJECTIONS, options)],
      providers: queries,
      exports: [ProjectionsModule, ...exported],
    };
  }
}
