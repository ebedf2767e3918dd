import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { requestingBodyOf, RequestSupportDto } from './request-support.dto';
import { RequestSupportCommand } from './request-support.handler';

export class SupportRequestedResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' })
  requestId!: string;
}

@ApiTags('support-requests')
@Controller('support-requests')
export class RequestSupportController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('broker', 'admin')
  @ApiOperation({
    summary: "Put a request for support in an alliance's queue (admin; broker of the alliance)",
    description:
      'For a recipient school, asked (and paid for) by a school, a local authority or a diocese. It waits ' +
      'until brokered, declined or withdrawn.',
  })
  @ApiCreatedResponse({ type: SupportRequestedResponse })
  @ApiCommandErrors()
  async request(
    @Body() body: RequestSupportDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<SupportRequestedResponse> {
    const result = await this.commands.execute(
      new RequestSupportCommand({ ...body, requestingBody: requestingBodyOf(body.requestingBody) }, metadata),
    );
    return { ...CommandResponse.from(result), requestId: result.requestId };
  }
}
