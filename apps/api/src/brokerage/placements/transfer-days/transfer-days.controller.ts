import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { TransferDaysDto } from './transfer-days.dto';
import { TransferDaysCommand } from './transfer-days.handler';

export class DaysTransferredResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' })
  transferId!: string;

  @ApiProperty({ format: 'uuid', description: "The staff member's person id (the subject of their token)" })
  personId!: string;
}

@ApiTags('placements')
@Controller('placements')
export class TransferDaysController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':placementId/transfers')
  @Roles('broker', 'lle')
  @ApiOperation({
    summary:
      "Transfer some of the LLE's remaining days to a member of their school's staff (the LLE; broker)",
  })
  @ApiCreatedResponse({ type: DaysTransferredResponse })
  @ApiCommandErrors()
  async transfer(
    @Param('placementId', uuidParam('placementId')) placementId: string,
    @Body() body: TransferDaysDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<DaysTransferredResponse> {
    const { transferId, staff, role, halfDays } = body;
    const { fullName, email, phone, jobTitle } = staff;
    const result = await this.commands.execute(
      new TransferDaysCommand(
        {
          placementId,
          ...(transferId !== undefined ? { transferId } : {}),
          staff: { fullName, email, phone, jobTitle },
          role,
          halfDays,
        },
        metadata,
      ),
    );
    return {
      ...CommandResponse.from(result),
      transferId: result.transferId,
      personId: result.personId,
    };
  }
}
