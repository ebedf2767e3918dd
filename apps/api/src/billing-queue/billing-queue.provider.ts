import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { BILLING_QUEUE, billingRedisOptions, type BillSupportDayJob } from '@lle/billing';
import { SETTINGS, type Settings } from '@lle/config';

/**
 * The API's handle on the billing queue, for the board and /metrics: it adds no jobs (the worker's reactor
 * does). `queue` is null when BILLING_ENABLED=false. Its Redis connection fails fast instead of queueing
 * commands, so a Redis outage shows as an error on the board and a gap in the metrics, never a hung request.
 */
@Injectable()
export class BillingQueueClient implements OnApplicationShutdown {
  readonly queue: Queue<BillSupportDayJob> | null;
  private readonly redis?: Redis;

  constructor(@Inject(SETTINGS) settings: Settings) {
    if (!settings.BILLING_ENABLED) {
      this.queue = null;
      return;
    }
    this.redis = new Redis(settings.REDIS_URL, billingRedisOptions('api'));
    this.redis.on('error', () => undefined); // reported through /ready and the board
    this.queue = new Queue<BillSupportDayJob>(BILLING_QUEUE, {
      connection: this.redis,
      prefix: settings.BILLING_QUEUE_PREFIX,
    });
    this.queue.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close().catch(() => undefined);
    this.redis?.disconnect();
  }
}
