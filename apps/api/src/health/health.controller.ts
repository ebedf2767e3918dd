import { Controller, Get } from '@nestjs/common';

/** Liveness: the process is up and serving requests. */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
