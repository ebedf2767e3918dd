import { Module } from '@nestjs/common';
import { CommandHandler, EventRegistry } from '@lle/application';
import { DatabaseModule } from '@lle/database';
import type { BrokerageRules } from '@lle/domain';
import { EVENT_STORE, type EventStore } from '@lle/event-store';
import { PersonalDataStore } from '@lle/personal-data';
import { DataSource } from 'typeorm';
import { People } from '../recruitment/shared/people';
import { AmendPlacementController } from './placements/amend-placement/amend-placement.controller';
import { AmendPlacementHandler } from './placements/amend-placement/amend-placement.handler';
import { BrokerPlacementController } from './placements/broker-placement/broker-placement.controller';
import { BrokerPlacementHandler } from './placements/broker-placement/broker-placement.handler';
import { CompletePlacementController } from './placements/complete-placement/complete-placement.controller';
import { CompletePlacementHandler } from './placements/complete-placement/complete-placement.handler';
import { EndPlacementEarlyController } from './placements/end-placement-early/end-placement-early.controller';
import { EndPlacementEarlyHandler } from './placements/end-placement-early/end-placement-early.handler';
import { LogSupportDayController } from './placements/log-support-day/log-support-day.controller';
import { LogSupportDayHandler } from './placements/log-support-day/log-support-day.handler';
import { RecordImpactEvaluationController } from './placements/record-impact-evaluation/record-impact-evaluation.controller';
import { RecordImpactEvaluationHandler } from './placements/record-impact-evaluation/record-impact-evaluation.handler';
import { TransferDaysController } from './placements/transfer-days/transfer-days.controller';
import { TransferDaysHandler } from './placements/transfer-days/transfer-days.handler';
import { VoidSupportDayController } from './placements/void-support-day/void-support-day.controller';
import { VoidSupportDayHandler } from './placements/void-support-day/void-support-day.handler';
import { BROKERAGE_RULES, brokerageRulesProvider } from './shared/brokerage-rules';
import { BrokerageService } from './shared/brokerage-service';
import { DeclineSupportRequestController } from './support-requests/decline-support-request/decline-support-request.controller';
import { DeclineSupportRequestHandler } from './support-requests/decline-support-request/decline-support-request.handler';
import { MatchCandidatesController } from './support-requests/match-candidates/match-candidates.controller';
import { MatchCandidatesHandler } from './support-requests/match-candidates/match-candidates.query';
import { RequestSupportController } from './support-requests/request-support/request-support.controller';
import { RequestSupportHandler } from './support-requests/request-support/request-support.handler';
import { WithdrawSupportRequestController } from './support-requests/withdraw-support-request/withdraw-support-request.controller';
import { WithdrawSupportRequestHandler } from './support-requests/withdraw-support-request/withdraw-support-request.handler';

/**
 * The command side of brokerage: support requests and their matches, placements decided on the LLE's
 * commitments, support days reserved on each person's own days, transfers, amendments, the end and the
 * impact. Reads the streams it needs straight from the event store (matching also reads the LLE directory
 * and schools read models); staff members live in the erasable person store.
 */
@Module({
  imports: [DatabaseModule],
  controllers: [
    RequestSupportController,
    DeclineSupportRequestController,
    WithdrawSupportRequestController,
    MatchCandidatesController,
    BrokerPlacementController,
    LogSupportDayController,
    VoidSupportDayController,
    TransferDaysController,
    AmendPlacementController,
    CompletePlacementController,
    EndPlacementEarlyController,
    RecordImpactEvaluationController,
  ],
  providers: [
    {
      provide: PersonalDataStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new PersonalDataStore(dataSource),
    },
    People,
    brokerageRulesProvider,
    {
      provide: BrokerageService,
      inject: [EVENT_STORE, EventRegistry, CommandHandler, BROKERAGE_RULES],
      useFactory: (
        store: EventStore,
        registry: EventRegistry,
        commands: CommandHandler,
        rules: BrokerageRules,
      ) => new BrokerageService({ store, registry, commands, rules }),
    },
    RequestSupportHandler,
    DeclineSupportRequestHandler,
    WithdrawSupportRequestHandler,
    MatchCandidatesHandler,
    BrokerPlacementHandler,
    LogSupportDayHandler,
    VoidSupportDayHandler,
    TransferDaysHandler,
    AmendPlacementHandler,
    CompletePlacementHandler,
    EndPlacementEarlyHandler,
    RecordImpactEvaluationHandler,
  ],
})
export class BrokerageModule {}
