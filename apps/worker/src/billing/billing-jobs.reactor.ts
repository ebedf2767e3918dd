import { billingJobId, billSupportDayJob, type BillSupportDayJob } from '@lle/billing';
import type { SupportDayLogged, SupportDayVoided } from '@lle/domain';
import type { Projection } from '@lle/projections';

/** Where the reactor puts jobs: the billing queue (BullMQ), or a stand-in in tests. */
export interface BillingJobs {
  /** Adds the job under `jobId`; a job already kept under that id makes it a no-op. */
  enqueue(job: BillSupportDayJob, jobId: string): Promise<void>;
}

export const BILLING_JOBS_REACTOR = 'billing_jobs_reactor';

/**
 * From days to money, off the request path: every SupportDayLogged and SupportDayVoided becomes a billing
 * job, enqueued from the event log by this reactor, on a checkpoint of its own (never part of a read
 * model's rebuild, so replaying history bills nothing again). The job's id is the event's id: a batch
 * applied again after a crash between the enqueue and the checkpoint enqueues nothing new. The jobs
 * themselves decide from the event store, so even a duplicate that does run changes nothing.
 */
export function billingJobsReactor(jobs: BillingJobs): Projection<SupportDayLogged | SupportDayVoided> {
  return {
    name: BILLING_JOBS_REACTOR,
    handles: ['SupportDayLogged', 'SupportDayVoided'],
    tables: [],
    async apply(event) {
      await jobs.enqueue(billSupportDayJob(event), billingJobId(event.id));
    },
  };
}
