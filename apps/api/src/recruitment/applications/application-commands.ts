import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, type CommandResult } from '@lle/application';
import {
  applicationDecider,
  applicationStreamId,
  type Actor,
  type ApplicationCommand,
  type ApplicationContext,
  type RecruitmentRules,
} from '@lle/domain';
import { People, Sealer } from '../shared/people';
import { RECRUITMENT_RULES } from '../shared/recruitment-rules';
import { RecruitmentStreams, type ApplicationOnRecord } from '../shared/recruitment-streams';

export interface ApplicationAtHand extends ApplicationOnRecord {
  /** Seals text with the applicant's key. */
  readonly sealer: Sealer;
}

/**
 * The way every command on an existing application runs: the application is loaded for the actor (another
 * alliance's answers 404 to a broker, as a missing one does), the command is built with the applicant's
 * sealer and what the application already holds, then handled on the application's stream.
 */
@Injectable()
export class ApplicationCommands {
  constructor(
    private readonly commands: CommandHandler,
    private readonly streams: RecruitmentStreams,
    private readonly people: People,
    @Inject(RECRUITMENT_RULES) private readonly rules: RecruitmentRules,
  ) {}

  async handle(
    actor: Actor,
    applicationId: string,
    build: (application: ApplicationAtHand) => Promise<ApplicationCommand>,
    lookups: (
      application: ApplicationAtHand,
    ) => Promise<Omit<ApplicationContext, 'rules'>> = async () => ({}),
  ): Promise<CommandResult> {
    const onRecord = await this.streams.applicationFor(actor, applicationId);
    const application = {
      ...onRecord,
      sealer: new Sealer(this.people.store, onRecord.state.application.applicantId),
    };
    const command = await build(application);
    return this.commands.handle(applicationDecider, applicationStreamId(applicationId), command, {
      context: async () => ({ rules: this.rules, ...(await lookups(application)) }),
    });
  }
}
