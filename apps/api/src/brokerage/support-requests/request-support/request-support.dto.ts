import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsPositive,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  ALLIANCE_CODES,
  REQUESTING_BODY_KINDS,
  type AllianceCode,
  type RequestingBody,
  type RequestingBodyKind,
} from '@lle/domain';
import { IsLocalDate } from '../../../http/validation';
import { FreeText, Name, Nested } from '../../../recruitment/shared/dto-decorators';

/** Who asks for the support and pays for it: a school by URN, an LA by its code, or a diocese by name. */
export class RequestingBodyDto {
  @ApiProperty({ enum: REQUESTING_BODY_KINDS, example: 'local_authority' })
  @IsIn(REQUESTING_BODY_KINDS, { message: `kind must be one of ${REQUESTING_BODY_KINDS.join(', ')}` })
  kind!: RequestingBodyKind;

  @ApiPropertyOptional({ example: 110000, description: 'With kind school: its URN' })
  @ValidateIf((body: RequestingBodyDto) => body.kind === 'school')
  @IsInt({ message: 'urn must be a URN' })
  @IsPositive({ message: 'urn must be a URN' })
  urn?: number;

  @ApiPropertyOptional({ example: '873', description: 'With kind local_authority: its three-digit code' })
  @ValidateIf((body: RequestingBodyDto) => body.kind === 'local_authority')
  @IsString()
  @Matches(/^\d{3}$/, { message: 'laCode must be a three-digit local authority code' })
  laCode?: string;

  @ApiPropertyOptional({ example: 'Ely', description: 'With kind diocese: its name' })
  @ValidateIf((body: RequestingBodyDto) => body.kind === 'diocese')
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  diocese?: string;
}

export function requestingBodyOf(dto: RequestingBodyDto): RequestingBody {
  switch (dto.kind) {
    case 'school':
      return { kind: 'school', urn: dto.urn! };
    case 'local_authority':
      return { kind: 'local_authority', laCode: dto.laCode! };
    default:
      return { kind: 'diocese', diocese: dto.diocese! };
  }
}

export class RequestSupportDto {
  @ApiProperty({
    enum: ALLIANCE_CODES,
    example: 'CATSA',
    description: 'The alliance whose queue it waits in',
  })
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance!: AllianceCode;

  @ApiProperty({ example: 110000, description: 'The URN of the school to be supported' })
  @IsInt({ message: 'recipientUrn must be a URN' })
  @IsPositive({ message: 'recipientUrn must be a URN' })
  recipientUrn!: number;

  @Nested(() => RequestingBodyDto, 'Who asks, and is invoiced for the days delivered')
  requestingBody!: RequestingBodyDto;

  @FreeText(4000, 'What support the recipient needs', 'Leadership of maths after a weak inspection')
  need!: string;

  @Name(100, 'Primary')
  phase!: string;

  @ApiProperty({ example: '2027-10-01' })
  @IsLocalDate()
  preferredStart!: string;

  @ApiProperty({ example: 12, description: 'Half-days hoped for (a full day is 2)' })
  @IsInt({ message: 'halfDaysHopedFor must be a whole number of half-days' })
  @Min(1)
  halfDaysHopedFor!: number;
}
