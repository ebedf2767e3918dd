import {
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { MetricsTime, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { EventRegistry } from '@lle/application';
import {
  BILL_SUPPORT_DAY_JOB,
  BILLING_QUEUE,
  billingJobOptions,
  billingRedisOptions,
  billingRulesFrom,
  DayChargeBilling,
  type BillSupportDayJob,
} from '@lle/billing';
import { SETTINGS, type Settings } from '@lle/config';
import { DatabaseModule } from '@lle/database';
import { EVENT_TYPES } from '@lle/domain';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@lle/event-store';
import { ProjectionRunner, type ProjectionRunnerOptions } from '@lle/projections';
import { DataSource } from 'typeorm';
import { billingJobsReactor, type BillingJobs } from './billing-jobs.reactor';

/**
 * The reactor's jobs on the BullMQ queue: one addBulk (one round trip) per call. addBulk runs BullMQ's add
 * script for each job, which skips a job id already kept, as add does, and applies the queue's default job
 * options.
 */
export function queuedBillingJobs(queue: Queue<BillSupportDayJob>): BillingJobs {
  return {
    async enqueue(jobs) {
      await queue.addBulk(
        jobs.map(({ job, jobId }) => ({ name: BILL_SUPPORT_DAY_JOB, data: job, opts: { jobId } })),
      );
    },
  };
}

/** Billing's moving parts in the worker; null when BILLING_ENABLED=false. */
export const BILLING_RUNTIME = Symbol('BILLING_RUNTIME');

/**
 * The reactor that enqueues a job for every day logged or voided, and the BullMQ worker that runs them
 * (see DayChargeBilling), on REDIS_URL under BILLING_QUEUE_PREFIX.
 */
export class BillingRuntime {
  private readonly logger = new Logger('Billing');
  readonly redis: Redis;
  readonly queue: Queue<BillSupportDayJob>;
  readonly worker: Worker<BillSupportDayJob>;
  readonly reactor: ProjectionRunner;

  constructor(
    settings: Settings,
    store: EventStore,
    dataSource: DataSource,
    options: ProjectionRunnerOptions,
  ) {
    // One connection that retries for ever: a Redis restart is waited out, not crashed on. BullMQ makes
    // the worker's blocking connection from it.
    this.redis = new Redis(settings.REDIS_URL, billingRedisOptions('worker'));
    this.redis.on('error', () => undefined); // BullMQ's 'error' events below say it once per failure
    const prefix = settings.BILLING_QUEUE_PREFIX;
    this.queue = new Queue<BillSupportDayJob>(BILLING_QUEUE, {
      connection: this.redis,
      prefix,
      defaultJobOptions: billingJobOptions(settings),
    });
    const billing = new DayChargeBilling(store, new EventRegistry(EVENT_TYPES), billingRulesFrom(settings));
    this.worker = new Worker<BillSupportDayJob>(
      BILLING_QUEUE,
      async (job) => {
        const { streamId, revision, written } = await billing.bill(job.data);
        return { streamId, revision, written };
      },
      {
        connection: this.redis,
        prefix,
        concurrency: settings.BILLING_CONCURRENCY,
        // A job whose worker died (kill -9) is taken up again once its lock runs out.
        lockDuration: settings.BILLING_JOB_LOCK_MS,
        stalledInterval: settings.BILLING_JOB_LOCK_MS,
        // Completions and failures per minute, kept a week: the API's /metrics reads them.
        metrics: { maxDataPoints: MetricsTime.ONE_WEEK },
        autorun: false,
      },
    );
    this.worker.on('failed', (job, error) => {
      this.logger.warn(
        `Billing job ${job?.id ?? '?'} failed (attempt ${job?.attemptsMade ?? '?'} of ` +
          `${job?.opts.attempts ?? '?'}): ${error.message}`,
      );
    });
    this.worker.on('error', (error) => this.logger.warn(`Billing worker: ${error.message}`));
    this.queue.on('error', (error) => this.logger.warn(`Billing queue: ${error.message}`));
    this.reactor = new ProjectionRunner({
      store,
      dataSource,
      projections: [billingJobsReactor(queuedBillingJobs(this.queue))],
      options,
      logger: new Logger('BillingReactor'),
    });
  }

  start(): void {
    this.reactor.start();
    this.worker
      .run()
      .catch((error: unknown) => this.logger.error(`The billing worker stopped: ${String(error)}`));
    this.logger.log(`Billing jobs running on queue ${this.queue.qualifiedName}`);
  }

  /** The reactor stops enqueuing; the worker takes no new job and lets those it runs finish; Redis closes. */
  async stop(): Promise<void> {
    await this.reactor.stop();
    await this.worker.close();
    await this.queue.close();
    this.redis.disconnect();
    this.logger.log('Billing stopped; the jobs in flight finished');
  }
}

class BillingHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(BILLING_RUNTIME) private readonly runtime: BillingRuntime | null) {}

  onApplicationBootstrap(): void {
    this.runtime?.start();
  }

  /** Before the database and the event store close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime?.stop();
  }
}

/** Billing jobs in the worker (see BillingRuntime); off when BILLING_ENABLED=false. */
@Module({})
export class BillingModule {
  static forWorker(options: ProjectionRunnerOptions = {}): DynamicModule {
    return {
      module: BillingModule,
      imports: [DatabaseModule, EventStoreModule],
      providers: [
        {
          provide: BILLING_RUNTIME,
          inject: [SETTINGS, EVENT_STORE, DataSource],
          useFactory: (settings: Settings, store: EventStore, dataSource: DataSource) =>
            settings.BILLING_ENABLED ? new BillingRuntime(settings, store, dataSource, options) : null,
        },
        BillingHost,
      ],
      exports: [BILLING_RUNTIME],
    };
  }
}
