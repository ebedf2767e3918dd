import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { DesignateLLEDto } from './designate-lle.dto';
import { DesignateLLECommand } from './designate-lle.handler';

export class LLEDesignatedResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid', description: "The LLE's id: the applicant's person id" })
  lleId!: string;
}

@ApiTags('lles')
@Controller('lles')
export class DesignateLLEController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Designate an LLE from an application with all four stages on record and the panel for it (admin)',
  })
  @ApiCreatedResponse({ type: LLEDesignatedResponse })
  @ApiCommandErrors()
  async designate(
    @Body() body: DesignateLLEDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<LLEDesignatedResponse> {
    const { applicationId, from, reviewOn, daysPerAcademicYear } = body;
    const result = await this.commands.execute(
      new DesignateLLECommand({ applicationId, from, reviewOn, daysPerAcademicYear }, metadata),
    );
    return { ...CommandResponse.from(result), lleId: result.lleId };
  }
}
