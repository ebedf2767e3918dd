import {
  CommandHandler,
  uuidV5Of,
  type CommandResult,
  type EventRegistry,
  type StreamRead,
} from '@lle/application';
import {
  dayChargeDecider,
  dayChargeStreamId,
  fold,
  dayFactsOf,
  holdsDayEvent,
  initialDayChargeState,
  placementStreamId,
  requestingBodyId,
  vatTreatmentDecider,
  vatTreatmentOf,
  vatTreatmentStreamId,
  type BillingRules,
  type BillSupportDay,
  type DayChargeContext,
  type DayChargeState,
  type Event,
  type PlacementEventAt,
  type RequestingBody,
  type VatTreatment,
  type VatTreatmentEvent,
} from '@lle/domain';
import type { EventStore } from '@lle/event-store';
import type { BillSupportDayJob } from './billing-queue';
import { PlacementFactsCache } from './placement-facts-cache';

/** A day's charge stream before anything is written to it. */
const UNWRITTEN_DAY_CHARGE: StreamRead<DayChargeState> = { state: initialDayChargeState(), revision: -1 };

/** Who the billing events say wrote them. */
export const BILLING_ACTOR = { subject: 'billing-job', role: 'finance' } as const;

/**
 * What a billing job does: bring the day's charge stream up to what its placement's stream says, through the
 * one command handler (read the charge stream, fold, decide, append with the revision read; a day's log
 * first guesses the stream is new, see `bill`). Exactly once in effect, however often and in whatever order
 * BullMQ runs the jobs:
 *
 * - the decider decides nothing for what the charge stream already holds;
 * - every append names the revision it decided from, so two jobs for one day (its log's and its void's, or a
 *   job and its stalled copy) cannot both charge it: the loser decides again on fresh state;
 * - event ids derive from the triggering event's id, so a job killed after its append and run again
 *   re-appends the same ids, which the store answers with the first result and writes nothing.
 */
export class DayChargeBilling {
  private readonly commands: CommandHandler;
  private readonly placements: PlacementFactsCache;

  constructor(
    private readonly store: EventStore,
    private readonly registry: EventRegistry,
    private readonly rules: BillingRules,
  ) {
    this.commands = new CommandHandler(store, registry);
    this.placements = new PlacementFactsCache((placementId, fromRevision) =>
      this.readPlacement(placementId, fromRevision),
    );
  }

  async bill(job: BillSupportDayJob, now: Date = new Date()): Promise<CommandResult> {
    const command: BillSupportDay = {
      type: 'BillSupportDay',
      data: { placementId: job.placementId, dayId: job.dayId, trigger: job.sourceType },
      metadata: {
        now,
        actor: BILLING_ACTOR,
        correlationId: job.correlationId ?? job.sourceEventId,
        causationId: uuidV5Of(`billing\u0000${job.sourceEventId}`),
      },
    };
    // The lookups start now, so that they run while the handler reads the charge stream (when it does).
    // A retry after a conflict looks them up again.
    let prefetched: Promise<DayChargeContext> | undefined = this.context(job);
    prefetched.catch(() => undefined); // the handler may fail before it asks for it; it sees the error then
    return this.commands.handle(dayChargeDecider, dayChargeStreamId(job.dayId), command, {
      // A day's log is nearly always billed first, on a charge stream not written yet: the first attempt
      // decides as if the stream were new, without reading it. The append's expected revision ('no_stream')
      // catches the exceptions (the day's void billed first, another job of the day winning), and the next
      // attempt reads the stream and decides again. A job run again after its append re-appends the same
      // event ids, which the store answers with the first append's result, writing nothing (so the result,
      // kept as the job's return value, then counts what the first run wrote).
      ...(job.sourceType === 'SupportDayLogged' ? { read: UNWRITTEN_DAY_CHARGE } : {}),
      context: () => {
        const context = prefetched ?? this.context(job);
        prefetched = undefined;
        return context;
      },
      // That first guess, then two jobs of one day each retried on fresh state; BullMQ retries the job after.
      maxAttempts: 4,
    });
  }

  private async context(job: BillSupportDayJob): Promise<DayChargeContext> {
    const source = { dayId: job.dayId, eventId: job.sourceEventId, type: job.sourceType };
    const facts = await this.placements.factsFor(job.placementId, (kept) => holdsDayEvent(kept, source));
    const placement = dayFactsOf(facts, job.dayId);
    const body = placement.terms?.requestingBody;
    const vatTreatment = body ? await this.vatTreatment(body) : this.rules.vat.defaultTreatment.school;
    return { placement, vatTreatment, rules: this.rules };
  }

  private async readPlacement(placementId: string, fromRevision: number): Promise<PlacementEventAt[]> {
    const events = await this.store.readStream(placementStreamId(placementId), { fromRevision });
    return events.map((event) => ({
      ...this.registry.upcast<Event>(event),
      id: event.id,
      revision: event.revision,
    }));
  }

  /**
   * Finance's treatment for the body, or its kind's default. Read for every job, as a charge made after
   * finance sets a treatment must use it; only the last event, as each setting replaces the one before.
   */
  private async vatTreatment(body: RequestingBody): Promise<VatTreatment> {
    const events = await this.store.readStream(vatTreatmentStreamId(body.kind, requestingBodyId(body)), {
      direction: 'backwards',
      maxCount: 1,
    });
    const state = fold(
      vatTreatmentDecider,
      events.map((event) => this.registry.upcast<VatTreatmentEvent>(event)),
    );
    return vatTreatmentOf(state) ?? this.rules.vat.defaultTreatment[body.kind];
  }
}
