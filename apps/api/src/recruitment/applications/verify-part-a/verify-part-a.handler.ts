import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { VerifyPartA } from '@lle/domain';
import { ApplicationCommands } from '../application-commands';

export class VerifyPartACommand extends Command<CommandResult> {
  constructor(readonly command: VerifyPartA) {
    super();
  }
}

/** Stage 1, by the token's assessor; evidence notes and overrule reasons sealed with the applicant's key. */
@NestCommandHandler(VerifyPartACommand)
export class VerifyPartAHandler implements ICommandHandler<VerifyPartACommand> {
  constructor(private readonly applications: ApplicationCommands) {}

  execute({ command }: VerifyPartACommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.applications.handle(metadata.actor, data.applicationId, async ({ events, sealer }) => {
      const before = events.flatMap((event) => (event.type === 'PartAVerified' ? event.data.verdicts : []));
      const verdicts = await Promise.all(
        data.verdicts.map(async ({ criterion, verdict, evidenceNote, overruleReason }) => {
          const earlier = before.filter((v) => v.criterion === criterion);
          return {
            criterion,
            verdict,
            evidenceNote: await sealer.seal(
              evidenceNote,
              earlier.map((v) => v.evidenceNote),
            ),
            overruleReason: await sealer.sealOptional(
              overruleReason,
              earlier.map((v) => v.overruleReason),
            ),
          };
        }),
      );
      return { ...command, data: { ...data, verdicts } };
    });
  }
}
