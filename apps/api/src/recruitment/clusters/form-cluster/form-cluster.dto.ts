import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { ALLIANCE_CODES, type AllianceCode } from '@lle/domain';
import { Name, NestedList } from '../../shared/dto-decorators';

export class CompetencyDto {
  @Name(100, 'coaching')
  competencyId!: string;

  @Name(300, 'Coaching and mentoring heads')
  name!: string;
}

export class FormClusterDto {
  @ApiProperty({ enum: ALLIANCE_CODES, example: 'CATSA' })
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance!: AllianceCode;

  @Name(200, 'South Cambridgeshire')
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'The person id of the designated NLE who leads it' })
  @IsUUID('all', { message: 'nleId must be a UUID' })
  nleId!: string;

  @NestedList(() => CompetencyDto, 50, "The framework of competencies its LLEs' impact is evaluated against")
  competencies!: CompetencyDto[];
}
