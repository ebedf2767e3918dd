import { Module } from '@nestjs/common';
import { RecruitmentModule } from '../recruitment/recruitment.module';
import { PeopleView } from '../recruitment-queries/people-view';
import { BrokerageQueriesController } from './brokerage-queries.controller';

/**
 * The brokerage read side: the request queue, placements with their days, LLEs' load and diary, recipient
 * schools' support history. People are named through the personal-data store RecruitmentModule exports.
 */
@Module({
  imports: [RecruitmentModule],
  controllers: [BrokerageQueriesController],
  providers: [PeopleView],
})
export class BrokerageQueriesModule {}
