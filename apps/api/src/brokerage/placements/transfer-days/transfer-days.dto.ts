import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsUUID, MaxLength, Min } from 'class-validator';
import { Name, Nested, Optional, OptionalName } from '../../../recruitment/shared/dto-decorators';

/** The member of staff: kept in the erasable person store; events carry their person id only. */
export class StaffMemberDto {
  @Name(200, 'Dana Deputy')
  fullName!: string;

  @ApiPropertyOptional({
    example: 'deputy@example.sch.uk',
    description: 'Names the person: the same address, the same person',
  })
  @Optional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email?: string;

  @OptionalName(50, '01954 000000')
  phone?: string;

  @OptionalName(200, 'Deputy headteacher')
  jobTitle?: string;
}

export class TransferDaysDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Made by the client to make a retry harmless; otherwise made from the command id',
  })
  @Optional()
  @IsUUID('all', { message: 'transferId must be a UUID' })
  transferId?: string;

  @Nested(() => StaffMemberDto, "A member of staff at the LLE's school")
  staff!: StaffMemberDto;

  @Name(100, 'deputy head')
  role!: string;

  @ApiProperty({ example: 2, description: "Half-days out of the LLE's remaining days" })
  @IsInt({ message: 'halfDays must be a whole number of half-days' })
  @Min(1)
  halfDays!: number;
}
