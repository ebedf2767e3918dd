import { NotFoundException } from '@nestjs/common';
import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, type CommandResult } from '@lle/application';
import { personDecider, personStreamId, type ErasePersonalData } from '@lle/domain';
import { PersonalDataStore } from '@lle/personal-data';
import { AuditTrail } from '@lle/read-models';
import { problem } from '../../../http/problem-details';

export class ErasePersonalDataCommand extends Command<CommandResult> {
  constructor(readonly command: ErasePersonalData) {
    super();
  }
}

/**
 * Erases first, then records the erasure. The other order could fail between the two and leave an event
 * saying the data was erased while it is still there, which no one would think to check again. This order
 * can at worst leave data erased with the event still to come, and asking again completes it: erasing
 * again changes nothing, and the event is then written (or found already written: a retry writes nothing).
 * The audit trail then records who asked and why, naming the person by id only, never the data erased.
 */
@NestCommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly people: PersonalDataStore,
    private readonly trail: AuditTrail,
  ) {}

  async execute({ command }: ErasePersonalDataCommand): Promise<CommandResult> {
    const { personId } = command.data;
    if ((await this.people.get(personId)) === undefined) {
      throw new NotFoundException(
        problem(404, 'PERSON_NOT_FOUND', `No personal data is recorded for ${personId}`),
      );
    }
    await this.people.erase(personId);
    const result = await this.commands.handle(personDecider, personStreamId(personId), command);
    const { actor, correlationId } = command.metadata;
    await this.trail.record({
      channel: 'api',
      actor,
      action: 'ErasePersonalData',
      target: { personId, streamId: personStreamId(personId), position: result.position?.toString() ?? null },
      reason: command.data.reason,
      outcome: 'erased',
      correlationId,
    });
    return result;
  }
}
