import {
  extendPlacementBillingFacts,
  NO_PLACEMENT_BILLING_FACTS,
  type PlacementBillingFacts,
  type PlacementEventAt,
} from '@lle/domain';

/** Reads a placement's events from a revision on (inclusive), upcast, with their ids and revisions. */
export type ReadPlacementEvents = (placementId: string, fromRevision: number) => Promise<PlacementEventAt[]>;

/**
 * The billing facts of the placements a worker bills, kept between jobs. Without it every job read its
 * placement's whole stream, and a placement's days are billed by as many jobs, often at the same time.
 *
 * Safe because events never change once recorded: the facts up to revision r are extended by reading only
 * what follows r. A job takes the kept facts as they are when they already hold the event it was enqueued
 * for (see `holdsDayEvent`), else it reads the rest of the stream. Reads of one placement chain on one
 * another, so the kept facts only ever grow, and jobs arriving together share one read.
 *
 * Bounded: the placements used least recently are forgotten beyond `capacity` (and read again if needed).
 */
export class PlacementFactsCache {
  private readonly entries = new Map<string, Promise<PlacementBillingFacts>>();

  constructor(
    private readonly read: ReadPlacementEvents,
    private readonly capacity = 10_000,
  ) {}

  /** The placement's facts, read up to at least the stream's end if the kept ones do not satisfy `enough`. */
  async factsFor(
    placementId: string,
    enough: (facts: PlacementBillingFacts) => boolean,
  ): Promise<PlacementBillingFacts> {
    const kept = this.entries.get(placementId);
    if (kept) {
      const facts = await kept.catch(() => undefined);
      if (facts && enough(facts)) {
        this.keep(placementId, kept);
        return facts;
      }
    }
    return this.refresh(placementId);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Extends the newest facts kept (or none) with the events after them. */
  private refresh(placementId: string): Promise<PlacementBillingFacts> {
    const base = this.entries.get(placementId);
    const refreshed = (async () => {
      const from = (base && (await base.catch(() => undefined))) ?? NO_PLACEMENT_BILLING_FACTS;
      if (from.revision < 0) return extendPlacementBillingFacts(from, await this.read(placementId, 0));
      // From the last event kept, itself included: a stream that no longer has it there (a database
      // recreated under a running worker) is read whole again rather than extended.
      const tail = await this.read(placementId, from.revision);
      if (tail[0]?.id === from.lastEventId) return extendPlacementBillingFacts(from, tail);
      return extendPlacementBillingFacts(NO_PLACEMENT_BILLING_FACTS, await this.read(placementId, 0));
    })();
    this.keep(placementId, refreshed);
    // A failed read is not kept: the next job reads again from the last facts that were read.
    refreshed.catch(() => {
      if (this.entries.get(placementId) === refreshed) {
        if (base) this.entries.set(placementId, base);
        else this.entries.delete(placementId);
      }
    });
    return refreshed;
  }

  /** Marks it most recently used (a Map iterates in insertion order), forgetting the least beyond capacity. */
  private keep(placementId: string, facts: Promise<PlacementBillingFacts>): void {
    this.entries.delete(placementId);
    this.entries.set(placementId, facts);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
