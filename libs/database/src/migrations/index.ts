import { EventStore1764220000000 } from './1764220000000-event-store';
import { Projections1764230000000 } from './1764230000000-projections';
import { RoundsReadModel1764235000000 } from './1764235000000-rounds-read-model';
import { IdempotencyKeys1764240000000 } from './1764240000000-idempotency-keys';
import { SchoolsReadModel1764250000000 } from './1764250000000-schools-read-model';
import { PersonalData1764260000000 } from './1764260000000-personal-data';
import { RecruitmentReadModels1764270000000 } from './1764270000000-recruitment-read-models';
import { BrokerageReadModels1764280000000 } from './1764280000000-brokerage-read-models';
import { PeopleEmailIndex1764290000000 } from './1764290000000-people-email-index';
import { DashboardReadModels1764300000000 } from './1764300000000-dashboard-read-models';
import { FinanceReadModels1764320000000 } from './1764320000000-finance-read-models';
import { EventHashChain1764330000000 } from './1764330000000-event-hash-chain';
import { AuditTrail1764340000000 } from './1764340000000-audit-trail';
import { CheaperChainedAppend1764350000000 } from './1764350000000-cheaper-chained-append';
import { ImpactRowSums1764360000000 } from './1764360000000-impact-row-sums';

/** Every migration, in order. Listed explicitly so compiled and test runs see the same set. */
export const MIGRATIONS = [
  EventStore1764220000000,
  Projections1764230000000,
  RoundsReadModel1764235000000,
  IdempotencyKeys1764240000000,
  SchoolsReadModel1764250000000,
  PersonalData1764260000000,
  RecruitmentReadModels1764270000000,
  BrokerageReadModels1764280000000,
  PeopleEmailIndex1764290000000,
  DashboardReadModels1764300000000,
  FinanceReadModels1764320000000,
  EventHashChain1764330000000,
  AuditTrail1764340000000,
  CheaperChainedAppend1764350000000,
  ImpactRowSums1764360000000,
];
