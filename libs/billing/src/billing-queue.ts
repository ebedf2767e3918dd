import type { Settings } from '@lle/config';
import type { BillingRules } from '@lle/domain';
import type { RecordedEvent } from '@lle/event-store';
import type { DefaultJobOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';

/** The one queue of billing jobs, and the name of its one kind of job. */
export const BILLING_QUEUE = 'billing';
export const BILL_SUPPORT_DAY_JOB = 'bill-support-day';

/** What a billing job carries: the day, and the placement event that asked for it. */
export interface BillSupportDayJob {
  readonly placementId: string;
  readonly dayId: string;
  /** The SupportDayLogged or SupportDayVoided the job was enqueued for. */
  readonly sourceEventId: string;
  readonly sourceType: 'SupportDayLogged' | 'SupportDayVoided';
  /** The correlation id of the request that logged or voided the day, kept in the billing events. */
  readonly correlationId?: string;
}

/**
 * The job's id: the triggering event's id, so enqueuing the same event twice (a reactor replaying a batch
 * after a crash) adds nothing while the first job is still kept. BullMQ ids may not contain ':'.
 */
export function billingJobId(sourceEventId: string): string {
  return `day-event-${sourceEventId}`;
}

/** The job for a placement event about a day (what the billing reactor enqueues). */
export function billSupportDayJob(
  event: Pick<RecordedEvent, 'id' | 'metadata'> & {
    readonly type: BillSupportDayJob['sourceType'];
    readonly data: { readonly placementId: string; readonly dayId: string };
  },
): BillSupportDayJob {
  return {
    placementId: event.data.placementId,
    dayId: event.data.dayId,
    sourceEventId: event.id,
    sourceType: event.type,
    ...(event.metadata.correlationId !== undefined ? { correlationId: event.metadata.correlationId } : {}),
  };
}

/**
 * Retries with exponential backoff (BILLING_JOB_ATTEMPTS, BILLING_JOB_BACKOFF_MS); a job that still fails
 * stays in the failed set, for finance or an admin to retry from the board. Completed jobs are kept a day
 * (and at most 100,000), so a duplicate enqueue within that time is recognised by its id; after that a
 * duplicate runs and decides nothing.
 */
export function billingJobOptions(settings: Settings): DefaultJobOptions {
  return {
    attempts: settings.BILLING_JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: settings.BILLING_JOB_BACKOFF_MS },
    removeOnComplete: { age: 24 * 3600, count: 100_000 },
    removeOnFail: false,
  };
}

/**
 * ioredis options for BullMQ from REDIS_URL. A worker's connection must retry for ever
 * (`maxRetriesPerRequest: null`): BullMQ's blocking commands wait out a Redis restart instead of failing.
 */
export function billingRedisOptions(role: 'worker' | 'api'): RedisOptions {
  return role === 'worker'
    ? { maxRetriesPerRequest: null, enableReadyCheck: false }
    : { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true };
}

/** The billing rules from the settings: VAT rates and each kind of body's default treatment. */
export function billingRulesFrom(settings: Settings): BillingRules {
  return {
    vat: {
      standardRateBps: settings.VAT_STANDARD_RATE_BPS,
      reducedRateBps: settings.VAT_REDUCED_RATE_BPS,
      defaultTreatment: {
        school: settings.VAT_DEFAULT_SCHOOL,
        local_authority: settings.VAT_DEFAULT_LOCAL_AUTHORITY,
        diocese: settings.VAT_DEFAULT_DIOCESE,
      },
    },
  };
}
