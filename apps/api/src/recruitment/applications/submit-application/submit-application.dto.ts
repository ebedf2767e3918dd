import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { ALLIANCE_CODES, type AllianceCode } from '@lle/domain';
import { Nested } from '../../shared/dto-decorators';
import { ApplicantDto, ApplicationContentDto } from '../application-content.dto';

export class SubmitApplicationDto extends ApplicationContentDto {
  @Nested(() => ApplicantDto, 'The headteacher applying; their details stay in the erasable person store')
  applicant!: ApplicantDto;

  @ApiProperty({ enum: ALLIANCE_CODES, example: 'CATSA' })
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance!: AllianceCode;

  @ApiProperty({ format: 'uuid', description: 'The open round of that alliance' })
  @IsUUID('all', { message: 'roundId must be a UUID' })
  roundId!: string;
}
