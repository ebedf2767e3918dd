import { Inject } from '@nestjs/common';
import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, idCreatedBy, type CommandResult } from '@lle/application';
import {
  applicationDecider,
  applicationStreamId,
  contentKey,
  isLiveApplication,
  type AllianceCode,
  type ApplicationContent,
  type ApplicationOnFile,
  type CommandMetadata,
  type RecruitmentRules,
  type SubmitApplication,
} from '@lle/domain';
import type { PersonDetails } from '@lle/personal-data';
import { checkActsFor } from '../../shared/access';
import { People, Sealer } from '../../shared/people';
import { RECRUITMENT_RULES } from '../../shared/recruitment-rules';
import { RecruitmentStreams } from '../../shared/recruitment-streams';
import { contentForEvents, contentsOf, type ApplicationContentInput } from '../application-content';

export interface SubmitApplicationInput extends ApplicationContentInput {
  readonly applicant: PersonDetails & { readonly email: string };
  readonly alliance: AllianceCode;
  readonly roundId: string;
}

export interface ApplicationSubmittedResult extends CommandResult {
  readonly applicationId: string;
  readonly applicantId: string;
}

export class SubmitApplicationCommand extends Command<ApplicationSubmittedResult> {
  constructor(
    readonly input: SubmitApplicationInput,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/**
 * At the edge: the applicant becomes a person id (the person with their email, or a new one), the referee
 * too, and every free-text field is sealed with the applicant's key. The application's id is the first
 * free one of this applicant in this round (see `nthApplicationId`), so two submissions at the same moment
 * target one stream and only one gets in; the applicant's live applications go to the decider, which
 * refuses a second.
 */
@NestCommandHandler(SubmitApplicationCommand)
export class SubmitApplicationHandler implements ICommandHandler<SubmitApplicationCommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly streams: RecruitmentStreams,
    private readonly people: People,
    @Inject(RECRUITMENT_RULES) private readonly rules: RecruitmentRules,
  ) {}

  async execute({ input, metadata }: SubmitApplicationCommand): Promise<ApplicationSubmittedResult> {
    const { applicant, alliance, roundId, ...given } = input;
    const { actor, causationId: commandId } = metadata;
    checkActsFor(actor, alliance);
    const applicantId = await this.people.identify(
      'applicant',
      applicant,
      idCreatedBy(commandId, 'applicant'),
    );
    const { onRecord, nextId } = await this.streams.applicationsOf(roundId, applicantId);
    const live = onRecord.find(({ state }) => isLiveApplication(state));
    const content = await contentForEvents(given, {
      applicantId,
      sealer: new Sealer(this.people.store, applicantId),
      people: this.people,
      newRefereeId: idCreatedBy(commandId, 'referee'),
      earlier: live ? contentsOf(live.events) : [],
    });
    // The live application sent again as it is: decided on its own stream, where it changes nothing.
    const applicationId = live && isResubmission(live.state, alliance, content) ? live.applicationId : nextId;
    const command: SubmitApplication = {
      type: 'SubmitApplication',
      data: { applicationId, roundId, applicantId, alliance, ...content },
      metadata,
    };
    const result = await this.commands.handle(
      applicationDecider,
      applicationStreamId(applicationId),
      command,
      {
        context: async () => {
          const [round, school, liveApplicationIds] = await Promise.all([
            this.streams.round(actor, roundId),
            this.streams.school(content.schoolUrn),
            this.streams.liveApplicationIds(roundId, applicantId),
          ]);
          return { rules: this.rules, round, school, liveApplicationIds };
        },
      },
    );
    return { ...result, applicationId, applicantId };
  }
}

function isResubmission(
  state: ApplicationOnFile,
  alliance: AllianceCode,
  content: ApplicationContent,
): boolean {
  const key = contentKey(content);
  const { application } = state;
  return (
    application.alliance === alliance && (application.submissionKey === key || application.contentKey === key)
  );
}
