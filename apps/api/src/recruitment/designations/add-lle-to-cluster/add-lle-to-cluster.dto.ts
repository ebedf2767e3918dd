import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class AddLLEToClusterDto {
  @ApiProperty({ format: 'uuid', description: "A cluster of the LLE's alliance" })
  @IsUUID('all', { message: 'clusterId must be a UUID' })
  clusterId!: string;
}
