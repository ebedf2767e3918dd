import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ALLIANCE_CODES, ASSESSMENT_STAGES } from '@lle/domain';
import { AtLeastQueryDto } from '../queries/at-least.dto';

const CURRENT_STAGES = [...ASSESSMENT_STAGES, 'done'] as const;
const APPLICATION_STATUSES = ['submitted', 'in_assessment', 'approved', 'declined', 'withdrawn'] as const;
const LLE_STATUSES = ['active', 'suspended', 'ended'] as const;
const SYSTEM_LEADER_ROLES = ['NLE', 'SLE', 'NLG'] as const;

export class ListApplicationsDto extends AtLeastQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'roundId must be a UUID' }) roundId?: string;

  @ApiPropertyOptional({ enum: ALLIANCE_CODES })
  @IsOptional()
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance?: string;

  @ApiPropertyOptional({ enum: CURRENT_STAGES, description: 'The next stage to be done (the work queue)' })
  @IsOptional()
  @IsIn(CURRENT_STAGES, { message: `stage must be one of ${CURRENT_STAGES.join(', ')}` })
  stage?: (typeof CURRENT_STAGES)[number];

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES, { message: `status must be one of ${APPLICATION_STATUSES.join(', ')}` })
  status?: (typeof APPLICATION_STATUSES)[number];
}

export class ListLlesDto extends AtLeastQueryDto {
  @ApiPropertyOptional({ enum: ALLIANCE_CODES })
  @IsOptional()
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance?: string;

  @ApiPropertyOptional({ enum: LLE_STATUSES })
  @IsOptional()
  @IsIn(LLE_STATUSES, { message: `status must be one of ${LLE_STATUSES.join(', ')}` })
  status?: (typeof LLE_STATUSES)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('all', { message: 'clusterId must be a UUID' })
  clusterId?: string;
}

export class ListClustersDto extends AtLeastQueryDto {
  @ApiPropertyOptional({ enum: ALLIANCE_CODES })
  @IsOptional()
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance?: string;
}

export class ListSystemLeadersDto extends ListClustersDto {
  @ApiPropertyOptional({ enum: SYSTEM_LEADER_ROLES })
  @IsOptional()
  @IsIn(SYSTEM_LEADER_ROLES, { message: `role must be one of ${SYSTEM_LEADER_ROLES.join(', ')}` })
  role?: (typeof SYSTEM_LEADER_ROLES)[number];
}
