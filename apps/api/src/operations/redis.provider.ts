import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { SETTINGS, type Settings } from '@lle/config';

/** The API's Redis connection, for readiness (and the job queues as they land). */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(SETTINGS) settings: Settings) {
    this.client = new Redis(settings.REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    this.client.on('error', () => undefined); // reported through /ready, not as unhandled errors
  }

  async ping(timeoutMs: number): Promise<void> {
    if (this.client.status === 'wait') await this.client.connect();
    await Promise.race([
      this.client.ping(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs),
      ),
    ]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
