import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { ApiMetrics } from './metrics';
import { ReadinessIndicators } from './readiness.indicators';
import { RedisConnection } from './redis.provider';

/** Liveness, readiness and metrics. */
@Module({
  imports: [TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0, logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [ApiMetrics, ReadinessIndicators, RedisConnection],
  exports: [ApiMetrics],
})
export class OperationsModule {}
