import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { requestingBodyOf } from '../../../brokerage/support-requests/request-support/request-support.dto';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { RecordPaymentDto } from './record-payment.dto';
import { RecordPaymentCommand } from './record-payment.handler';

export class PaymentRecordedResponse extends CommandResponse {
  paymentId!: string;
}

@ApiTags('finance')
@Controller('finance/payments')
export class RecordPaymentController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('finance')
  @ApiOperation({
    summary: 'Record a payment from a requesting body (finance)',
    description:
      'Allocated to the invoices named, in order, else to the oldest open ones first; what is left is held ' +
      'as credit on account, and a part payment leaves the balance open. A bank reference is recorded once ' +
      'per payer (409 PAYMENT_REFERENCE_USED).',
  })
  @ApiCreatedResponse({ type: PaymentRecordedResponse })
  @ApiCommandErrors()
  async record(
    @Body() body: RecordPaymentDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<PaymentRecordedResponse> {
    const { alliance, payer, amountPence, receivedOn, reference, invoiceNumbers } = body;
    const result = await this.commands.execute(
      new RecordPaymentCommand(
        {
          alliance,
          payer: requestingBodyOf(payer),
          amountPence,
          receivedOn,
          reference,
          ...(invoiceNumbers !== undefined ? { invoiceIds: invoiceNumbers } : {}),
        },
        metadata,
      ),
    );
    return { ...CommandResponse.from(result), paymentId: result.paymentId };
  }
}
