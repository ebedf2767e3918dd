import { Module } from '@nestjs/common';
import { DatabaseModule } from '@lle/database';
import { PersonalDataStore } from '@lle/personal-data';
import { DataSource } from 'typeorm';
import { AmendApplicationController } from './applications/amend-application/amend-application.controller';
import { AmendApplicationHandler } from './applications/amend-application/amend-application.handler';
import { ApplicationCommands } from './applications/application-commands';
import { AssessPartBController } from './applications/assess-part-b/assess-part-b.controller';
import { AssessPartBHandler } from './applications/assess-part-b/assess-part-b.handler';
import { ReassessStageController } from './applications/reassess-stage/reassess-stage.controller';
import { ReassessStageHandler } from './applications/reassess-stage/reassess-stage.handler';
import { RecordPanelDecisionController } from './applications/record-panel-decision/record-panel-decision.controller';
import { RecordPanelDecisionHandler } from './applications/record-panel-decision/record-panel-decision.handler';
import { ReviewReferenceController } from './applications/review-reference/review-reference.controller';
import { ReviewReferenceHandler } from './applications/review-reference/review-reference.handler';
import { SubmitApplicationController } from './applications/submit-application/submit-application.controller';
import { SubmitApplicationHandler } from './applications/submit-application/submit-application.handler';
import { VerifyPartAController } from './applications/verify-part-a/verify-part-a.controller';
import { VerifyPartAHandler } from './applications/verify-part-a/verify-part-a.handler';
import { WithdrawApplicationController } from './applications/withdraw-application/withdraw-application.controller';
import { WithdrawApplicationHandler } from './applications/withdraw-application/withdraw-application.handler';
import { FormClusterController } from './clusters/form-cluster/form-cluster.controller';
import { FormClusterHandler } from './clusters/form-cluster/form-cluster.handler';
import { AddLLEToClusterController } from './designations/add-lle-to-cluster/add-lle-to-cluster.controller';
import { AddLLEToClusterHandler } from './designations/add-lle-to-cluster/add-lle-to-cluster.handler';
import { DesignateLLEController } from './designations/designate-lle/designate-lle.controller';
import { DesignateLLEHandler } from './designations/designate-lle/designate-lle.handler';
import { DesignationCommands } from './designations/designation-commands';
import { EndDesignationController } from './designations/end-designation/end-designation.controller';
import { EndDesignationHandler } from './designations/end-designation/end-designation.handler';
import { MoveLLEBetweenClustersController } from './designations/move-lle-between-clusters/move-lle-between-clusters.controller';
import { MoveLLEBetweenClustersHandler } from './designations/move-lle-between-clusters/move-lle-between-clusters.handler';
import { ReinstateDesignationController } from './designations/reinstate-designation/reinstate-designation.controller';
import { ReinstateDesignationHandler } from './designations/reinstate-designation/reinstate-designation.handler';
import { SuspendDesignationController } from './designations/suspend-designation/suspend-designation.controller';
import { SuspendDesignationHandler } from './designations/suspend-designation/suspend-designation.handler';
import { ErasePersonalDataController } from './people/erase-personal-data/erase-personal-data.controller';
import { ErasePersonalDataHandler } from './people/erase-personal-data/erase-personal-data.handler';
import { People } from './shared/people';
import { RecruitmentStreams } from './shared/recruitment-streams';
import { recruitmentRulesProvider } from './shared/recruitment-rules';
import { RecordSystemLeaderController } from './system-leaders/record-system-leader/record-system-leader.controller';
import { RecordSystemLeaderHandler } from './system-leaders/record-system-leader/record-system-leader.handler';

/**
 * The command side of recruitment: applications through their four assessment stages, LLE designations
 * and their clusters, system leaders, and the erasure of a person's data. Reads the streams it needs and
 * the schools read model; names and contacts live in the erasable person store.
 */
@Module({
  imports: [DatabaseModule],
  controllers: [
    SubmitApplicationController,
    AmendApplicationController,
    WithdrawApplicationController,
    VerifyPartAController,
    AssessPartBController,
    ReviewReferenceController,
    RecordPanelDecisionController,
    ReassessStageController,
    DesignateLLEController,
    SuspendDesignationController,
    ReinstateDesignationController,
    EndDesignationController,
    AddLLEToClusterController,
    MoveLLEBetweenClustersController,
    RecordSystemLeaderController,
    FormClusterController,
    ErasePersonalDataController,
  ],
  providers: [
    {
      provide: PersonalDataStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new PersonalDataStore(dataSource),
    },
    recruitmentRulesProvider,
    People,
    RecruitmentStreams,
    ApplicationCommands,
    DesignationCommands,
    SubmitApplicationHandler,
    AmendApplicationHandler,
    WithdrawApplicationHandler,
    VerifyPartAHandler,
    AssessPartBHandler,
    ReviewReferenceHandler,
    RecordPanelDecisionHandler,
    ReassessStageHandler,
    DesignateLLEHandler,
    SuspendDesignationHandler,
    ReinstateDesignationHandler,
    EndDesignationHandler,
    AddLLEToClusterHandler,
    MoveLLEBetweenClustersHandler,
    RecordSystemLeaderHandler,
    FormClusterHandler,
    ErasePersonalDataHandler,
  ],
  exports: [PersonalDataStore],
})
export class RecruitmentModule {}
