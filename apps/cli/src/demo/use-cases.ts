import 'reflect-metadata';
import { CommandHandler, EventRegistry } from '@lle/application';
import {
  DEFAULT_BROKERAGE_RULES,
  DEFAULT_RECRUITMENT_RULES,
  EVENT_TYPES,
  fold,
  schoolDecider,
  schoolStreamId,
  type SchoolEvent,
  type SchoolFacts,
} from '@lle/domain';
import type { EventStore } from '@lle/event-store';
import { PersonalDataStore } from '@lle/personal-data';
import { SchoolsQuery } from '@lle/read-models';
import type { DataSource } from 'typeorm';
import { TransferDaysHandler } from '../../../api/src/brokerage/placements/transfer-days/transfer-days.handler';
import { BrokerageService } from '../../../api/src/brokerage/shared/brokerage-service';
import { ApplicationCommands } from '../../../api/src/recruitment/applications/application-commands';
import { AssessPartBHandler } from '../../../api/src/recruitment/applications/assess-part-b/assess-part-b.handler';
import { RecordPanelDecisionHandler } from '../../../api/src/recruitment/applications/record-panel-decision/record-panel-decision.handler';
import { ReviewReferenceHandler } from '../../../api/src/recruitment/applications/review-reference/review-reference.handler';
import { SubmitApplicationHandler } from '../../../api/src/recruitment/applications/submit-application/submit-application.handler';
import { VerifyPartAHandler } from '../../../api/src/recruitment/applications/verify-part-a/verify-part-a.handler';
import { FormClusterHandler } from '../../../api/src/recruitment/clusters/form-cluster/form-cluster.handler';
import { AddLLEToClusterHandler } from '../../../api/src/recruitment/designations/add-lle-to-cluster/add-lle-to-cluster.handler';
import { DesignateLLEHandler } from '../../../api/src/recruitment/designations/designate-lle/designate-lle.handler';
import { DesignationCommands } from '../../../api/src/recruitment/designations/designation-commands';
import { People } from '../../../api/src/recruitment/shared/people';
import { RecruitmentStreams } from '../../../api/src/recruitment/shared/recruitment-streams';
import { RecordSystemLeaderHandler } from '../../../api/src/recruitment/system-leaders/record-system-leader/record-system-leader.handler';
import { ScheduleRoundHandler } from '../../../api/src/rounds/schedule-round/schedule-round.handler';

/**
 * The API's recruitment lookups, except that a school is read from its own stream rather than from the
 * schools read model: the seed runs right after the import, whether or not the worker has projected the
 * schools yet. Everything else is the API's own code.
 */
class SeedRecruitmentStreams extends RecruitmentStreams {
  override async school(urn: number): Promise<SchoolFacts | undefined> {
    const state = fold(schoolDecider, await this.events<SchoolEvent>(schoolStreamId(urn)));
    return state.status === 'known' ? { urn, status: state.record.status } : undefined;
  }
}

/** The use cases the API runs, wired by hand (no Nest container), over one event store and database. */
export function demoUseCases(store: EventStore, dataSource: DataSource) {
  const registry = new EventRegistry(EVENT_TYPES);
  const commands = new CommandHandler(store, registry);
  const streams = new SeedRecruitmentStreams(store, registry, new SchoolsQuery(dataSource));
  const people = new People(dataSource, new PersonalDataStore(dataSource));
  const rules = DEFAULT_RECRUITMENT_RULES;
  const applications = new ApplicationCommands(commands, streams, people, rules);
  const designations = new DesignationCommands(commands, streams, people, rules);
  const brokerage = new BrokerageService({ store, registry, commands, rules: DEFAULT_BROKERAGE_RULES });
  return {
    store,
    streams,
    people,
    brokerage,
    scheduleRound: new ScheduleRoundHandler(commands),
    recordSystemLeader: new RecordSystemLeaderHandler(commands, people),
    formCluster: new FormClusterHandler(commands, streams),
    submitApplication: new SubmitApplicationHandler(commands, streams, people, rules),
    verifyPartA: new VerifyPartAHandler(applications),
    assessPartB: new AssessPartBHandler(applications),
    reviewReference: new ReviewReferenceHandler(applications),
    recordPanelDecision: new RecordPanelDecisionHandler(applications),
    designateLLE: new DesignateLLEHandler(commands, streams, rules),
    addLLEToCluster: new AddLLEToClusterHandler(designations, streams),
    transferDays: new TransferDaysHandler(brokerage, people),
  };
}

export type DemoUseCases = ReturnType<typeof demoUseCases>;
