import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import {
  BILL_SUPPORT_DAY_JOB,
  BILLING_QUEUE,
  billingJobId,
  billingJobOptions,
  type BillSupportDayJob,
} from '@lle/billing';
import { validateEnvironment } from '@lle/config';
import type { BillingJobToAdd } from './billing-jobs.reactor';
import { queuedBillingJobs } from './billing.module';

/** The reactor's bulk enqueue on the real Redis, under a prefix of its own and with no worker taking jobs. */
describe('queuedBillingJobs', () => {
  const prefix = `test-billing-jobs-${randomUUID()}`;
  const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null, lazyConnect: true });
  const settings = validateEnvironment({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const queue = new Queue<BillSupportDayJob>(BILLING_QUEUE, {
    connection: redis,
    prefix,
    defaultJobOptions: billingJobOptions(settings),
  });

  afterAll(async () => {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    redis.disconnect();
  });

  const day = (sourceEventId: string, correlationId = 'first'): BillingJobToAdd => ({
    job: {
      placementId: 'p',
      dayId: `day-${sourceEventId}`,
      sourceEventId,
      sourceType: 'SupportDayLogged',
      correlationId,
    },
    jobId: billingJobId(sourceEventId),
  });

  it('adds a batch in one call, and a batch added again adds only the jobs not kept yet', async () => {
    const jobs = queuedBillingJobs(queue);
    const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

    await jobs.enqueue([day(a), day(b), day(c)]);
    // A reactor replaying its batch after a crash, with one new event after it; the kept jobs stay as
    // they were, even where the job would now carry something else.
    await jobs.enqueue([day(b, 'second'), day(c, 'second'), day(d, 'second')]);

    const waiting = await queue.getWaiting();
    expect(waiting.map((job) => job.id).sort()).toEqual([a, b, c, d].map(billingJobId).sort());
    const byId = new Map(waiting.map((job) => [job.id, job]));
    expect(byId.get(billingJobId(b))?.data.correlationId).toBe('first');
    expect(byId.get(billingJobId(d))?.data.correlationId).toBe('second');
    // Each job has the billing job's name and the queue's default options (retries with backoff).
    for (const job of waiting) {
      expect(job.name).toBe(BILL_SUPPORT_DAY_JOB);
      expect(job.opts).toMatchObject({
        attempts: settings.BILLING_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: settings.BILLING_JOB_BACKOFF_MS },
      });
    }
  });
});
