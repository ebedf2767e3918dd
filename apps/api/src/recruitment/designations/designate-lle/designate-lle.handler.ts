import { Inject } from '@nestjs/common';
import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, type CommandResult } from '@lle/application';
import {
  applicationSummary,
  DomainError,
  lleDesignationDecider,
  lleDesignationStreamId,
  type CommandMetadata,
  type DesignateLLE,
  type RecruitmentRules,
} from '@lle/domain';
import { RECRUITMENT_RULES } from '../../shared/recruitment-rules';
import { RecruitmentStreams } from '../../shared/recruitment-streams';

export type DesignateLLEInput = Omit<DesignateLLE['data'], 'lleId'>;

export interface LLEDesignatedResult extends CommandResult {
  readonly lleId: string;
}

export class DesignateLLECommand extends Command<LLEDesignatedResult> {
  constructor(
    readonly input: DesignateLLEInput,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/**
 * The LLE is the applicant: their person id names the designation stream. The decider gets the summary of
 * the application's folded stream (stages on record, the panel's decision), read again on each attempt.
 */
@NestCommandHandler(DesignateLLECommand)
export class DesignateLLEHandler implements ICommandHandler<DesignateLLECommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly streams: RecruitmentStreams,
    @Inject(RECRUITMENT_RULES) private readonly rules: RecruitmentRules,
  ) {}

  async execute({ input, metadata }: DesignateLLECommand): Promise<LLEDesignatedResult> {
    const { applicationId } = input;
    const { state } = await this.streams.application(applicationId);
    if (state.status === 'none') {
      // The decider's own answer for an application it is not given; without one there is no LLE to name.
      throw new DomainError('UNKNOWN_APPLICATION', `There is no application ${applicationId}`);
    }
    const lleId = state.application.applicantId;
    const command: DesignateLLE = { type: 'DesignateLLE', data: { ...input, lleId }, metadata };
    const result = await this.commands.handle(lleDesignationDecider, lleDesignationStreamId(lleId), command, {
      context: async () => ({
        rules: this.rules,
        application: applicationSummary((await this.streams.application(applicationId)).state),
      }),
    });
    return { ...result, lleId };
  }
}
