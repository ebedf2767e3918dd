import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsUUID, Min } from 'class-validator';
import { IsLocalDate } from '../../../http/validation';
import { Name, Nested, Optional } from '../../../recruitment/shared/dto-decorators';
import { EndPointDto, GuidelineOverrideDto, OptionalNested } from '../../shared/brokerage.dto';

export class PartyAgreementDto {
  @Name(200, 'head@recipient.example.sch.uk')
  agreedBy!: string;

  @ApiProperty({ example: '2027-11-02', description: 'When they agreed (not in the future)' })
  @IsLocalDate()
  agreedOn!: string;
}

/** The three parties an amendment needs: the LLE, the recipient and the alliance. */
export class AmendmentAgreementDto {
  @Nested(() => PartyAgreementDto, 'The LLE (their person id, or who recorded it)')
  lle!: PartyAgreementDto;

  @Nested(() => PartyAgreementDto, 'The recipient school')
  recipient!: PartyAgreementDto;

  @Nested(() => PartyAgreementDto, 'The brokering alliance')
  alliance!: PartyAgreementDto;
}

export class AmendPlacementDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Made by the client to make a retry harmless; otherwise made from the command id',
  })
  @Optional()
  @IsUUID('all', { message: 'amendmentId must be a UUID' })
  amendmentId?: string;

  @ApiPropertyOptional({ example: 14, description: 'The new half-days agreed' })
  @Optional()
  @IsInt({ message: 'halfDaysAgreed must be a whole number of half-days' })
  @Min(1)
  halfDaysAgreed?: number;

  @OptionalNested(() => EndPointDto, 'The new agreed end point')
  endPoint?: EndPointDto;

  @Nested(() => AmendmentAgreementDto, 'Who agreed, for each of the three parties, and when')
  agreement!: AmendmentAgreementDto;

  @OptionalNested(() => GuidelineOverrideDto, 'Needed when the amended days are above the guideline')
  guidelineOverride?: GuidelineOverrideDto;
}
