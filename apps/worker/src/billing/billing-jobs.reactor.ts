import { billingJobId, billSupportDayJob, type BillSupportDayJob } from '@lle/billing';
import type { SupportDayLogged, SupportDayVoided } from '@lle/domain';
import type { ProjectedEvent, Projection } from '@lle/projections';

/** A job to add, under the id that makes adding it again a no-op. */
export interface BillingJobToAdd {
  readonly job: BillSupportDayJob;
  readonly jobId: string;
}

/** Where the reactor puts jobs: the billing queue (BullMQ), or a stand-in in tests. */
export interface BillingJobs {
  /**
   * Adds the jobs, in order, each under its `jobId`; a job already kept under its id is skipped. One call
   * per batch of events (one round trip to Redis), or per event when the runner falls back to one by one.
   */
  enqueue(jobs: readonly BillingJobToAdd[]): Promise<void>;
}

export const BILLING_JOBS_REACTOR = 'billing_jobs_reactor';

type DayEvent = SupportDayLogged | SupportDayVoided;

/**
 * From days to money, off the request path: every SupportDayLogged and SupportDayVoided becomes a billing
 * job, enqueued from the event log by this reactor, on a checkpoint of its own (never part of a read
 * model's rebuild, so replaying history bills nothing again). The job's id is the event's id: a batch
 * applied again after a crash between the enqueue and the checkpoint enqueues nothing new. The jobs
 * themselves decide from the event store, so even a duplicate that does run changes nothing.
 *
 * The live runner hands it a whole batch (`applyBatch`), enqueued in one call: adding jobs one at a time
 * was what held billing back once the jobs ran several at once.
 */
export function billingJobsReactor(jobs: BillingJobs): Projection<DayEvent> {
  return {
    name: BILLING_JOBS_REACTOR,
    handles: ['SupportDayLogged', 'SupportDayVoided'],
    tables: [],
    async apply(event) {
      await jobs.enqueue([jobFor(event)]);
    },
    async applyBatch(events) {
      await jobs.enqueue(events.map(jobFor));
    },
  };
}

function jobFor(event: ProjectedEvent<DayEvent>): BillingJobToAdd {
  return { job: billSupportDayJob(event), jobId: billingJobId(event.id) };
}
