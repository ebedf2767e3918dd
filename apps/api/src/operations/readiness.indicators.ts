import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@lle/event-store';
import { ProjectionStatus } from '@lle/projections';
import { RedisConnection } from './redis.provider';

const TIMEOUT_MS = 1_000;

/** What /ready checks beyond PostgreSQL: Redis, the event store, and whether any projection is stuck. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisConnection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionStatus,
  ) {}

  async redisUp(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('redis');
    try {
      await this.redis.ping(TIMEOUT_MS);
      return check.up();
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  async eventStoreUp(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('eventStore');
    try {
      const head = await this.store.headPosition();
      return check.up({ head: head?.toString() ?? null });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  /** Down when a projection is paused on an event it cannot process; lag is reported either way. */
  async projectionsUp(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('projections');
    try {
      const reports = await this.projections.report();
      const details = Object.fromEntries(
        reports.map((r) => [
          r.name,
          {
            status: r.status,
            checkpoint: r.checkpoint.toString(),
            lag: r.lag.toString(),
            caughtUp: r.caughtUp,
          },
        ]),
      );
      const paused = reports.filter((r) => r.status === 'paused');
      return paused.length === 0
        ? check.up(details)
        : check.down({ ...details, message: `Paused: ${paused.map((r) => r.name).join(', ')}` });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
