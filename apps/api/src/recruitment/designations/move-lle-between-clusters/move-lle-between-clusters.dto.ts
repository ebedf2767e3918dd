import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { FreeText } from '../../shared/dto-decorators';

export class MoveLLEBetweenClustersDto {
  @ApiProperty({ format: 'uuid', description: 'The cluster the LLE is in now' })
  @IsUUID('all', { message: 'fromClusterId must be a UUID' })
  fromClusterId!: string;

  @ApiProperty({ format: 'uuid', description: "The cluster they move to, of the LLE's alliance" })
  @IsUUID('all', { message: 'toClusterId must be a UUID' })
  toClusterId!: string;

  @FreeText(4000, 'Why they move; sealed with the LLE’s key', 'Closer to the schools they support')
  reason!: string;
}
