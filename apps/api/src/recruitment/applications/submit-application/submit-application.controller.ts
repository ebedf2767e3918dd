import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { SubmitApplicationDto } from './submit-application.dto';
import { SubmitApplicationCommand } from './submit-application.handler';

export class ApplicationSubmittedResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;

  @ApiProperty({ format: 'uuid', description: "The applicant's person id (the LLE id once designated)" })
  applicantId!: string;
}

@ApiTags('applications')
@Controller('applications')
export class SubmitApplicationController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin', 'broker')
  @ApiOperation({
    summary: 'Submit an application to become an LLE, in an open round (admin; broker of the alliance)',
    description:
      'One live application per applicant (named by email) per round. Names and contacts go to the ' +
      'erasable person store; every free-text field is sealed with the applicant’s key before it is recorded.',
  })
  @ApiCreatedResponse({ type: ApplicationSubmittedResponse })
  @ApiCommandErrors()
  async submit(
    @Body() body: SubmitApplicationDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<ApplicationSubmittedResponse> {
    const result = await this.commands.execute(new SubmitApplicationCommand(body, metadata));
    const { applicationId, applicantId } = result;
    return { ...CommandResponse.from(result), applicationId, applicantId };
  }
}
