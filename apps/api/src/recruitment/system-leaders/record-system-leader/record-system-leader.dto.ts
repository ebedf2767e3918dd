import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsInt, IsPositive, MaxLength } from 'class-validator';
import { ALLIANCE_CODES, SYSTEM_LEADER_ROLES, type AllianceCode, type SystemLeaderRole } from '@lle/domain';
import { IsLocalDate } from '../../../http/validation';
import { Name, Nested, Optional, OptionalName } from '../../shared/dto-decorators';

/** The person's name and contacts: kept in the erasable person store, never in events. */
export class SystemLeaderPersonDto {
  @Name(200, 'Pat Leader')
  fullName!: string;

  @ApiPropertyOptional({ example: 'head@example.sch.uk', description: 'Names the person if already known' })
  @Optional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email?: string;

  @OptionalName(50)
  phone?: string;

  @OptionalName(200, 'Executive headteacher')
  jobTitle?: string;

  @OptionalName(200)
  organisation?: string;
}

export class RecordSystemLeaderDto {
  @Nested(() => SystemLeaderPersonDto)
  person!: SystemLeaderPersonDto;

  @ApiProperty({ enum: SYSTEM_LEADER_ROLES, description: 'NLEs lead the LLE clusters' })
  @IsIn(SYSTEM_LEADER_ROLES, { message: `role must be one of ${SYSTEM_LEADER_ROLES.join(', ')}` })
  role!: SystemLeaderRole;

  @ApiProperty({ example: 136512, description: 'The school they serve' })
  @IsInt({ message: 'schoolUrn must be a URN' })
  @IsPositive({ message: 'schoolUrn must be a URN' })
  schoolUrn!: number;

  @ApiPropertyOptional({ enum: ALLIANCE_CODES })
  @Optional()
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance?: AllianceCode;

  @ApiProperty({ example: '2024-09-01', description: 'When they were designated (not in the future)' })
  @IsLocalDate()
  designatedOn!: string;
}
