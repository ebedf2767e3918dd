import { CommandHandler, uuidV5Of, type CommandResult, type EventRegistry } from '@lle/application';
import {
  dayChargeDecider,
  dayChargeStreamId,
  fold,
  placementDayFacts,
  placementStreamId,
  requestingBodyId,
  vatTreatmentDecider,
  vatTreatmentOf,
  vatTreatmentStreamId,
  type BillingRules,
  type BillSupportDay,
  type DayChargeContext,
  type Event,
  type RequestingBody,
  type VatTreatment,
  type VatTreatmentEvent,
} from '@lle/domain';
import type { EventStore } from '@lle/event-store';
import type { BillSupportDayJob } from './billing-queue';

/** Who the billing events say wrote them. */
export const BILLING_ACTOR = { subject: 'billing-job', role: 'finance' } as const;

/**
 * What a billing job does: bring the day's charge stream up to what its placement's stream says, through the
 * one command handler (read the charge stream, fold, decide, append with the revision read). Exactly once in
 * effect, however often and in whatever order BullMQ runs the jobs:
 *
 * - the decider decides nothing for what the charge stream already holds;
 * - every append names the revision it decided from, so two jobs for one day (its log's and its void's, or a
 *   job and its stalled copy) cannot both charge it: the loser decides again on fresh state;
 * - event ids derive from the triggering event's id, so a job killed after its append and run again
 *   re-appends the same ids, which the store answers with the first result and writes nothing.
 */
export class DayChargeBilling {
  private readonly commands: CommandHandler;

  constructor(
    private readonly store: EventStore,
    private readonly registry: EventRegistry,
    private readonly rules: BillingRules,
  ) {
    this.commands = new CommandHandler(store, registry);
  }

  async bill(job: BillSupportDayJob, now: Date = new Date()): Promise<CommandResult> {
    const command: BillSupportDay = {
      type: 'BillSupportDay',
      data: { placementId: job.placementId, dayId: job.dayId },
      metadata: {
        now,
        actor: BILLING_ACTOR,
        correlationId: job.correlationId ?? job.sourceEventId,
        causationId: uuidV5Of(`billing\u0000${job.sourceEventId}`),
      },
    };
    return this.commands.handle(dayChargeDecider, dayChargeStreamId(job.dayId), command, {
      context: () => this.context(job),
      // Two jobs of one day, each retried on fresh state; BullMQ retries the job after that.
      maxAttempts: 3,
    });
  }

  private async context(job: BillSupportDayJob): Promise<DayChargeContext> {
    const events = await this.store.readStream(placementStreamId(job.placementId));
    const placement = placementDayFacts(
      events.map((event) => ({ ...this.registry.upcast<Event>(event), id: event.id })),
      job.dayId,
    );
    const body = placement.terms?.requestingBody;
    const vatTreatment = body ? await this.vatTreatment(body) : this.rules.vat.defaultTreatment.school;
    return { placement, vatTreatment, rules: this.rules };
  }

  /** Finance's treatment for the body, or its kind's default. */
  private async vatTreatment(body: RequestingBody): Promise<VatTreatment> {
    const events = await this.store.readStream(vatTreatmentStreamId(body.kind, requestingBodyId(body)));
    const state = fold(
      vatTreatmentDecider,
      events.map((event) => this.registry.upcast<VatTreatmentEvent>(event)),
    );
    return vatTreatmentOf(state) ?? this.rules.vat.defaultTreatment[body.kind];
  }
}
