import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, type CommandResult } from '@lle/application';
import {
  lleDesignationDecider,
  lleDesignationStreamId,
  type Actor,
  type LLEDesignationCommand,
  type LLEDesignationContext,
  type RecruitmentRules,
} from '@lle/domain';
import { People, Sealer } from '../shared/people';
import { RECRUITMENT_RULES } from '../shared/recruitment-rules';
import { RecruitmentStreams, type DesignationOnRecord } from '../shared/recruitment-streams';

export interface DesignationAtHand extends DesignationOnRecord {
  /** Seals text with the LLE's key (notes and reasons about them). */
  readonly sealer: Sealer;
}

/**
 * The way every command on an existing designation runs: the designation is loaded for the actor (another
 * alliance's LLE answers 404 to a broker, as an unknown one does), the command is built with the LLE's
 * sealer, then handled on the LLE's designation stream.
 */
@Injectable()
export class DesignationCommands {
  constructor(
    private readonly commands: CommandHandler,
    private readonly streams: RecruitmentStreams,
    private readonly people: People,
    @Inject(RECRUITMENT_RULES) private readonly rules: RecruitmentRules,
  ) {}

  async handle(
    actor: Actor,
    lleId: string,
    build: (designation: DesignationAtHand) => Promise<LLEDesignationCommand>,
    lookups: () => Promise<Omit<LLEDesignationContext, 'rules'>> = async () => ({}),
  ): Promise<CommandResult> {
    const onRecord = await this.streams.designationFor(actor, lleId);
    const command = await build({ ...onRecord, sealer: new Sealer(this.people.store, lleId) });
    return this.commands.handle(lleDesignationDecider, lleDesignationStreamId(lleId), command, {
      context: async () => ({ rules: this.rules, ...(await lookups()) }),
    });
  }
}
