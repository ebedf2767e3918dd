import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { ReviewReferenceDto } from './review-reference.dto';
import { ReviewReferenceCommand } from './review-reference.handler';

@ApiTags('applications')
@Controller('applications')
export class ReviewReferenceController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':applicationId/reference-review')
  @HttpCode(200)
  @Roles('assessor')
  @ApiOperation({ summary: 'Stage 3: review the reference (assessor)' })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async review(
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() body: ReviewReferenceDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { supportsApplication, commitsToDeploying, notes } = body;
    const result = await this.commands.execute(
      new ReviewReferenceCommand({
        type: 'ReviewReference',
        data: { applicationId, supportsApplication, commitsToDeploying, notes },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
