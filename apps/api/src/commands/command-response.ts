import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CommandResult } from '@lle/application';

/** What every command endpoint answers: where its events went, to wait on with ?atLeast=<position>. */
export class CommandResponse {
  @ApiProperty({ example: 'round-6f1c2a8e-4b7d-4e0f-9a3c-5d2e1b0a9f8e' })
  streamId!: string;

  @ApiProperty({ description: "The stream's revision after the command (-1: still empty)", example: 0 })
  revision!: number;

  @ApiPropertyOptional({
    description: 'Global position of the last event written; pass it as ?atLeast= to read your own write',
    example: '42',
  })
  position?: string;

  @ApiProperty({ description: 'Events written: 0 when the command changed nothing', example: 1 })
  written!: number;

  static from(result: CommandResult): CommandResponse {
    return {
      streamId: result.streamId,
      revision: result.revision,
      position: result.position?.toString(),
      written: result.written,
    };
  }
}
