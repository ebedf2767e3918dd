import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { PaymentRecordedResponse } from '../../payments/record-payment/record-payment.controller';
import { RecordSharePaidDto } from './record-share-paid.dto';
import { RecordSharePaidCommand } from './record-share-paid.handler';

@ApiTags('finance')
@Controller('finance/share-payments')
export class RecordSharePaidController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('finance')
  @ApiOperation({
    summary: "Record that the alliance paid an LLE's school its shares (finance)",
    description:
      'Never more than the school is owed (shares credited less reversed less paid): 422 SHARE_OVERPAID.',
  })
  @ApiCreatedResponse({ type: PaymentRecordedResponse })
  @ApiCommandErrors()
  async record(
    @Body() body: RecordSharePaidDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<PaymentRecordedResponse> {
    const { alliance, schoolUrn, amountPence, paidOn, reference } = body;
    const result = await this.commands.execute(
      new RecordSharePaidCommand({ alliance, schoolUrn, amountPence, paidOn, reference }, metadata),
    );
    return { ...CommandResponse.from(result), paymentId: result.paymentId };
  }
}
