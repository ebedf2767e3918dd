import { Body, Controller, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { periodOf } from '../../shared/finance-format';
import { FINANCE_RULES, type FinanceRules } from '../../shared/finance-rules';
import { IssueInvoicesDto } from './issue-invoices.dto';
import { IssueInvoicesCommand } from './issue-invoices.handler';

@ApiTags('finance')
@Controller('finance/invoice-runs')
export class IssueInvoicesController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(FINANCE_RULES) private readonly rules: FinanceRules,
  ) {}

  @Post()
  @Roles('finance')
  @ApiOperation({
    summary: 'Issue invoices for a period, and credit notes for days voided after invoicing (finance)',
    description:
      'One invoice per requesting body for its charges whose day falls in the period and are on no invoice yet, ' +
      "numbered in the alliance's sequence (CATSA-000001…) without gaps; one credit note (CATSA-CN-000001…) per " +
      'invoice with charges reversed since. Due after the payment terms. Nothing new to bill: written 0.',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async issue(
    @Body() body: IssueInvoicesDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { from, to } = periodOf(body, metadata.now);
    const result = await this.commands.execute(
      new IssueInvoicesCommand(
        {
          alliance: body.alliance,
          periodFrom: from,
          periodTo: to,
          paymentTermsDays: body.paymentTermsDays ?? this.rules.paymentTermsDays,
        },
        metadata,
      ),
    );
    return CommandResponse.from(result);
  }
}
