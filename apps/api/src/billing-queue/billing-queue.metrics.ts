import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { ApiMetrics } from '../operations/metrics';
import { BillingQueueClient } from './billing-queue.provider';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * Billing in /metrics, read from Redis at each scrape: `billing_queue_jobs{state}` (waiting, active,
 * delayed, failed, completed-and-kept), and `billing_jobs_completed_total` / `billing_jobs_failed_total`
 * from BullMQ's own per-minute metrics, which the worker records (a job fails when it is out of attempts).
 * While Redis is unreachable the figures stay as last read.
 */
@Injectable()
export class BillingQueueMetrics {
  constructor(metrics: ApiMetrics, client: BillingQueueClient) {
    const { queue } = client;
    if (queue === null) return;
    const registers = [metrics.registry];
    const jobs = new Gauge({
      name: 'billing_queue_jobs',
      help: 'Billing jobs in the queue, by state',
      labelNames: ['state'],
      registers,
      async collect() {
        const counts = await queue.getJobCounts(...QUEUE_STATES).catch(() => undefined);
        for (const state of QUEUE_STATES) if (counts) jobs.set({ state }, counts[state] ?? 0);
      },
    });
    const finished = (outcome: 'completed' | 'failed'): Counter => {
      let seen: number | undefined;
      const counter: Counter = new Counter({
        name: `billing_jobs_${outcome}_total`,
        help: `Billing jobs ${outcome} (BullMQ metrics)`,
        registers,
        async collect() {
          const total = await queue
            .getMetrics(outcome, 0, 0)
            .then((read) => read.meta.count)
            .catch(() => undefined);
          if (total === undefined) return;
          // A counter only goes up: add what was finished since the last scrape.
          if (seen === undefined || total < seen) counter.inc(total);
          else counter.inc(total - seen);
          seen = total;
        },
      });
      return counter;
    };
    finished('completed');
    finished('failed');
  }
}
