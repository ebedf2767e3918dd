import { Module } from '@nestjs/common';
import { AmendRoundDatesController } from './amend-round-dates/amend-round-dates.controller';
import { AmendRoundDatesHandler } from './amend-round-dates/amend-round-dates.handler';
import { CloseRoundEarlyController } from './close-round-early/close-round-early.controller';
import { CloseRoundEarlyHandler } from './close-round-early/close-round-early.handler';
import { ListRoundsController } from './list-rounds/list-rounds.controller';
import { GetRoundHandler, ListRoundsHandler } from './list-rounds/list-rounds.query';
import { ScheduleRoundController } from './schedule-round/schedule-round.controller';
import { ScheduleRoundHandler } from './schedule-round/schedule-round.handler';

/** Application rounds: an admin opens, amends and closes them; everyone reads them. */
@Module({
  controllers: [
    ScheduleRoundController,
    AmendRoundDatesController,
    CloseRoundEarlyController,
    ListRoundsController,
  ],
  providers: [
    ScheduleRoundHandler,
    AmendRoundDatesHandler,
    CloseRoundEarlyHandler,
    ListRoundsHandler,
    GetRoundHandler,
  ],
})
export class RoundsModule {}
