import { Body, Controller, HttpCode, Param, Put, type PipeTransform } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import {
  dateInEngland,
  REQUESTING_BODY_KINDS,
  type CommandMetadata,
  type RequestingBodyKind,
} from '@lle/domain';
import { CommandContext } from '../../commands/command-metadata.decorator';
import { CommandResponse } from '../../commands/command-response';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { RequestValidationError } from '../../http/http-errors';
import { SetVatTreatmentDto } from './set-vat-treatment.dto';
import { SetVatTreatmentCommand } from './set-vat-treatment.handler';

/** How each kind of body is identified: a URN, a three-digit LA code, a diocese's name. */
const BODY_IDS: Record<RequestingBodyKind, { pattern: RegExp; says: string }> = {
  school: { pattern: /^[1-9][0-9]{5,6}$/, says: 'a school URN (6 or 7 digits)' },
  local_authority: { pattern: /^[0-9]{3}$/, says: 'a three-digit local authority code' },
  diocese: { pattern: /^[A-Za-z][A-Za-z .'-]{0,99}$/, says: "a diocese's name (letters, spaces, . ' -)" },
};

const bodyKindParam: PipeTransform<string, RequestingBodyKind> = {
  transform(value) {
    if ((REQUESTING_BODY_KINDS as readonly string[]).includes(value)) return value as RequestingBodyKind;
    throw new RequestValidationError([
      { field: 'bodyKind', messages: [`bodyKind must be one of ${REQUESTING_BODY_KINDS.join(', ')}`] },
    ]);
  },
};

@ApiTags('billing')
@Controller('billing/vat-treatments')
export class SetVatTreatmentController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':bodyKind/:bodyId')
  @HttpCode(200)
  @Roles('finance', 'admin')
  @ApiOperation({
    summary: "Set one requesting body's VAT treatment (finance, admin)",
    description:
      'Later charges of the body use it; charges already made keep the VAT they were charged with. A body ' +
      'never set gets its kind\u2019s default from the settings (VAT_DEFAULT_SCHOOL, …).',
  })
  @ApiParam({ name: 'bodyKind', enum: REQUESTING_BODY_KINDS })
  @ApiParam({ name: 'bodyId', description: 'URN, LA code or diocese name', example: '873' })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async set(
    @Param('bodyKind', bodyKindParam) bodyKind: RequestingBodyKind,
    @Param('bodyId') bodyId: string,
    @Body() body: SetVatTreatmentDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { pattern, says } = BODY_IDS[bodyKind];
    if (!pattern.test(bodyId)) {
      throw new RequestValidationError([{ field: 'bodyId', messages: [`bodyId must be ${says}`] }]);
    }
    const result = await this.commands.execute(
      new SetVatTreatmentCommand({
        type: 'SetVatTreatment',
        data: { bodyKind, bodyId, ...body, setOn: dateInEngland(metadata.now) },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
