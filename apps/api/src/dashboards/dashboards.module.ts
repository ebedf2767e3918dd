import { Module } from '@nestjs/common';
import { DatabaseModule } from '@lle/database';
import { DeploymentDashboardQuery, ImpactEvaluationQuery } from '@lle/read-models';
import { DataSource } from 'typeorm';
import { DeploymentDashboardController } from './deployment-dashboard.controller';
import { ImpactEvaluationController } from './impact-evaluation.controller';

/** The deployment dashboard and the impact evaluation, as JSON and as CSV, read from their projections. */
@Module({
  imports: [DatabaseModule],
  controllers: [DeploymentDashboardController, ImpactEvaluationController],
  providers: [DeploymentDashboardQuery, ImpactEvaluationQuery].map((Query) => ({
    provide: Query,
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => new Query(dataSource),
  })),
})
export class DashboardsModule {}
