import { Module } from '@nestjs/common';
import { RecruitmentModule } from '../recruitment/recruitment.module';
import { PeopleView } from './people-view';
import { RecruitmentQueriesController } from './recruitment-queries.controller';

/** The recruitment read side: work queue, applications, the LLE directory, clusters, system leaders. */
@Module({
  imports: [RecruitmentModule],
  controllers: [RecruitmentQueriesController],
  providers: [PeopleView],
})
export class RecruitmentQueriesModule {}
