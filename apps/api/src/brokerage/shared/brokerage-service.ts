import {
  CommandHandler,
  idCreatedBy,
  uuidV5Of,
  type CommandResult,
  type EventRegistry,
} from '@lle/application';
import {
  checkSupportDay,
  commitmentChangesAfter,
  DomainError,
  lleCommitmentsDecider,
  lleCommitmentsStreamId,
  openPlacementFrom,
  personDayReservation,
  personDaysDecider,
  personDaysStreamId,
  placementDecider,
  placementStreamId,
  recordRequestBrokeredFrom,
  releasePersonDayFor,
  releasePersonDayFrom,
  reservedForAmendment,
  reservePersonDayFor,
  supportDayOf,
  supportRequestDecider,
  supportRequestStreamId,
  type AmendPlacement,
  type BrokerageRules,
  type BrokerPlacement,
  type CommandMetadata,
  type LogSupportDay,
  type PlacementAmended,
  type PlacementBrokered,
  type PlacementCompleted,
  type PlacementEndedEarly,
  type PersonDaysState,
  type PlacementCommand,
  type PlacementEvent,
  type RecordImpactEvaluation,
  type RequestSupport,
  type SupportDayVoided,
  type TransferDays,
} from '@lle/domain';
import type { EventStore } from '@lle/event-store';
import { BrokerageStreams, requestNotFound } from './brokerage-streams';

/**
 * How many times a command on an LLE's commitments stream decides again on fresh state when another writer
 * won. Many brokers contend for one LLE's stream by design; every retry re-decides (capacity included), so
 * a writer ends with its events or the rule's refusal, and only a stream that keeps moving for this many
 * rounds answers 409.
 */
export const COMMITMENTS_MAX_ATTEMPTS = 100;
/**
 * The other streams (a placement, a request, a person's days) see retries of one command (a client's retry
 * storm, the reactor completing what the API is completing), each deciding a no-op on its second look.
 */
export const STREAM_MAX_ATTEMPTS = 10;

export interface BrokerageDependencies {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly rules: BrokerageRules;
  /** The one command handler; made from the store and registry when not given. */
  readonly commands?: CommandHandler;
}

/** The events that end or change a placement's days, after which the commitments stream is told. */
export type DaysChange = PlacementAmended | PlacementCompleted | PlacementEndedEarly;

/** What BrokerPlacement's second and third appends came to. */
export type BrokeringOutcome =
  | { readonly outcome: 'brokered'; readonly results: readonly CommandResult[] }
  /** The request was no longer waiting: the placement was ended early and its days freed. */
  | {
      readonly outcome: 'request_not_waiting';
      readonly refusal: DomainError;
      readonly results: readonly CommandResult[];
    };

/**
 * The brokerage use cases, free of HTTP and Nest: each takes plain input and the command's metadata, reads
 * what it needs from the event store and appends through the one CommandHandler, in the order the domain
 * documents (lle-commitments.commands.ts, placement.commands.ts). The API's handlers call it; the worker's
 * reactor calls the follow-ups (`completeBrokering`, `followUp`); the concurrency tests drive it on each
 * event store adapter.
 *
 * Every step is idempotent: event ids derive from the causation id, and a step after the first is given a
 * causation id derived from the command's (`followUpMetadata`), so two steps on the same stream never share
 * an event id and a command replayed after a crash appends nothing twice.
 */
export class BrokerageService {
  readonly streams: BrokerageStreams;
  private readonly commands: CommandHandler;
  private readonly rules: BrokerageRules;

  constructor(dependencies: BrokerageDependencies) {
    this.commands = dependencies.commands ?? new CommandHandler(dependencies.store, dependencies.registry);
    this.streams = new BrokerageStreams(dependencies.store, dependencies.registry, this.commands);
    this.rules = dependencies.rules;
  }

  // ---- Support requests -------------------------------------------------------------------------------

  /** A new request in its alliance's queue; its id is made from the command id. */
  async requestSupport(
    input: Omit<RequestSupport['data'], 'requestId'>,
    metadata: CommandMetadata,
  ): Promise<CommandResult & { requestId: string }> {
    const requestId = idCreatedBy(metadata.causationId, 'support-request');
    const command: RequestSupport = { type: 'RequestSupport', data: { ...input, requestId }, metadata };
    const body = input.requestingBody;
    const result = await this.commands.handle(
      supportRequestDecider,
      supportRequestStreamId(requestId),
      command,
      {
        context: async () => {
          const [recipient, requestingSchool] = await Promise.all([
            this.streams.school(input.recipientUrn),
            body.kind === 'school' && body.urn !== input.recipientUrn
              ? this.streams.school(body.urn)
              : undefined,
          ]);
          return { recipient, requestingSchool };
        },
      },
    );
    return { ...result, requestId };
  }

  async declineSupportRequest(
    requestId: string,
    reason: string,
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    await this.streams.requestFor(metadata.actor, requestId);
    return this.commands.handle(
      supportRequestDecider,
      supportRequestStreamId(requestId),
      { type: 'DeclineSupportRequest', data: { requestId, reason }, metadata },
      { notFound: () => requestNotFound(requestId), maxAttempts: STREAM_MAX_ATTEMPTS },
    );
  }

  async withdrawSupportRequest(
    requestId: string,
    reason: string | undefined,
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    await this.streams.requestFor(metadata.actor, requestId);
    return this.commands.handle(
      supportRequestDecider,
      supportRequestStreamId(requestId),
      {
        type: 'WithdrawSupportRequest',
        data: { requestId, ...(reason !== undefined ? { reason } : {}) },
        metadata,
      },
      { notFound: () => requestNotFound(requestId), maxAttempts: STREAM_MAX_ATTEMPTS },
    );
  }

  // ---- Brokering ----------------------------------------------------------------------------------------

  /**
   * 1. The decision on the LLE's commitments stream (capacity, guideline, an active LLE, the recipient...),
   *    retried on fresh state as often as other brokers win; 2. the placement's own stream opened from it;
   *    3. the request marked brokered. If 3 finds the request no longer waiting, the placement is ended
   *    early (freeing the LLE's days) and the refusal is answered. If the process dies after 1, the
   *    worker's reactor does 2 and 3 (see `completeBrokering`).
   */
  async brokerPlacement(
    input: Omit<BrokerPlacement['data'], 'placementId'>,
    metadata: CommandMetadata,
  ): Promise<CommandResult & { placementId: string }> {
    const { actor, causationId } = metadata;
    const { requestId, lleId } = input;
    const placementId = idCreatedBy(causationId, 'placement');
    await this.streams.requestFor(actor, requestId);
    await this.streams.lleFor(actor, lleId);
    const command: BrokerPlacement = { type: 'BrokerPlacement', data: { ...input, placementId }, metadata };
    const committed = await this.commands.handle(
      lleCommitmentsDecider,
      lleCommitmentsStreamId(lleId),
      command,
      {
        context: async () => {
          const [lle, request] = await Promise.all([
            this.streams.lle(lleId),
            this.streams.request(requestId),
          ]);
          const recipient =
            request === undefined ? undefined : await this.streams.school(request.recipientUrn);
          return { rules: this.rules, lle, request, recipient };
        },
        maxAttempts: COMMITMENTS_MAX_ATTEMPTS,
      },
    );
    const brokered = await this.streams.brokered(lleId, placementId);
    if (brokered === undefined) {
      throw new Error(`Placement ${placementId} is not on ${lleCommitmentsStreamId(lleId)} after brokering`);
    }
    const completed = await this.completeBrokering(brokered, metadata);
    if (completed.outcome === 'request_not_waiting') throw completed.refusal;
    const [opened, ...rest] = completed.results;
    return { ...combined(opened!, committed, ...rest), placementId };
  }

  /**
   * Steps 2 and 3 of brokering, from the PlacementBrokered event: both no-ops when already done, so the API
   * and the reactor may both run them, in any order, any number of times.
   */
  async completeBrokering(brokered: PlacementBrokered, metadata: CommandMetadata): Promise<BrokeringOutcome> {
    const { placementId, requestId } = brokered.data;
    const opened = await this.commands.handle(
      placementDecider,
      placementStreamId(placementId),
      openPlacementFrom(brokered, metadata),
      { context: async () => ({ rules: this.rules }), maxAttempts: STREAM_MAX_ATTEMPTS },
    );
    try {
      const marked = await this.commands.handle(
        supportRequestDecider,
        supportRequestStreamId(requestId),
        recordRequestBrokeredFrom(brokered, metadata),
        { maxAttempts: STREAM_MAX_ATTEMPTS },
      );
      return { outcome: 'brokered', results: [opened, marked] };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'REQUEST_NOT_WAITING') throw error;
      const ended = await this.endAfterRequestNotWaiting(brokered, metadata);
      const refusal = new DomainError(
        'REQUEST_NOT_WAITING',
        `${error.message}; placement ${placementId} was ended early and the LLE's days freed`,
        'rule',
        { ...error.details, placementId, endedEarly: true },
      );
      return { outcome: 'request_not_waiting', refusal, results: [opened, ...ended] };
    }
  }

  /** The reason is fixed by the placement, so the API and the reactor end it the same way (a no-op twice). */
  private async endAfterRequestNotWaiting(
    brokered: PlacementBrokered,
    metadata: CommandMetadata,
  ): Promise<CommandResult[]> {
    const { placementId, requestId } = brokered.data;
    const reason = `Request ${requestId} was no longer waiting when placement ${placementId} was brokered`;
    const results: CommandResult[] = [];
    try {
      results.push(
        await this.commands.handle(
          placementDecider,
          placementStreamId(placementId),
          {
            type: 'EndPlacementEarly',
            data: { placementId, reason },
            metadata: followUpMetadata(metadata, 'end-early'),
          },
          { context: async () => ({ rules: this.rules }), maxAttempts: STREAM_MAX_ATTEMPTS },
        ),
      );
    } catch (error) {
      // Already ended some other way: its own end is settled below all the same.
      if (!(error instanceof DomainError) || error.code !== 'PLACEMENT_NOT_IN_PROGRESS') throw error;
    }
    const ending = (await this.streams.placement(placementId)).events.find(isEnding);
    if (ending !== undefined) {
      results.push(...(await this.settleCommitments(ending, followUpMetadata(metadata, 'end-early'))));
    }
    return results;
  }

  // ---- Support days -------------------------------------------------------------------------------------

  /**
   * 0. The placement's own checks (a day it would refuse reserves nothing); 1. the person's day reserved on
   * their own stream (at most a full day on a date, across placements); 2. the day logged on the placement
   * with that reservation. If 2 refuses it, the reservation is released. The same day id again is a no-op
   * at every step.
   */
  async logSupportDay(
    input: Omit<LogSupportDay['data'], 'personId'> & { personId?: string },
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    const { actor } = metadata;
    const { placementId, dayId } = input;
    const placement = await this.streams.placementFor(actor, placementId, 'its_people');
    const { state } = placement;
    // An LLE token logs its holder's own days; a broker names the person (the LLE when no one is named).
    const personId = actor.role === 'lle' ? actor.subject : (input.personId ?? state.terms.lleId);
    const log: LogSupportDay = { type: 'LogSupportDay', data: { ...input, personId }, metadata };
    const results: CommandResult[] = [];
    // The person's days as the reservation just left them: the log's first attempt needs no second read.
    let personDays: PersonDaysState | undefined;
    if (checkSupportDay(log, state, this.rules).length > 0) {
      const reserved = await this.commands.handleWithState(
        personDaysDecider,
        personDaysStreamId(personId),
        reservePersonDayFor(log),
        // Mostly this process alone writes a person's days: decided on the days as it last left them, the
        // reservation needs no read unless another writer moved them (then its append conflicts).
        { maxAttempts: STREAM_MAX_ATTEMPTS, decideOnRemembered: true },
      );
      results.push(reserved.result);
      personDays = reserved.state;
    }
    try {
      // The placement as the access check read it; a later attempt (another write won) reads both afresh.
      const logged = await this.commands.handle(placementDecider, placementStreamId(placementId), log, {
        read: placement,
        context: async () => {
          const days = personDays ?? (await this.streams.personDays(personId));
          personDays = undefined;
          return { rules: this.rules, reservation: personDayReservation(days, dayId) };
        },
        maxAttempts: STREAM_MAX_ATTEMPTS,
      });
      return combined(logged, ...results);
    } catch (error) {
      if (error instanceof DomainError) await this.releaseUnusedReservation(log);
      throw error;
    }
  }

  /** After the placement refused a day: its reservation is released unless the day is on it after all. */
  private async releaseUnusedReservation(log: LogSupportDay): Promise<void> {
    const { placementId, dayId, personId } = log.data;
    const day = supportDayOf((await this.streams.placement(placementId)).state, dayId);
    if (day !== undefined && day.personId === personId) return;
    const release = releasePersonDayFor(log, 'not_logged');
    await this.commands.handle(
      personDaysDecider,
      personDaysStreamId(personId),
      { ...release, metadata: followUpMetadata(log.metadata, 'release-day') },
      { maxAttempts: STREAM_MAX_ATTEMPTS },
    );
  }

  /** The placement first, then the person's date freed (which the reactor sends again if need be). */
  async voidSupportDay(
    input: { placementId: string; dayId: string; reason: string },
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    const { placementId, dayId } = input;
    await this.streams.placementFor(metadata.actor, placementId, 'brokers');
    const voided = await this.commands.handle(
      placementDecider,
      placementStreamId(placementId),
      { type: 'VoidSupportDay', data: input, metadata },
      { context: async () => ({ rules: this.rules }), maxAttempts: STREAM_MAX_ATTEMPTS },
    );
    const event = (await this.streams.placement(placementId)).events.find(
      (candidate): candidate is SupportDayVoided =>
        candidate.type === 'SupportDayVoided' && candidate.data.dayId === dayId,
    );
    if (event === undefined) return voided;
    const released = await this.releaseVoidedDay(event, followUpMetadata(metadata, 'release-day'));
    return combined(voided, released);
  }

  private releaseVoidedDay(event: SupportDayVoided, metadata: CommandMetadata): Promise<CommandResult> {
    return this.commands.handle(
      personDaysDecider,
      personDaysStreamId(event.data.personId),
      releasePersonDayFrom(event, metadata),
      { maxAttempts: STREAM_MAX_ATTEMPTS },
    );
  }

  // ---- Transfers, amendments, the end and the impact ---------------------------------------------------

  /** By the placement's LLE or a broker; the staff member is a person id (see the handler). */
  async transferDays(input: TransferDays['data'], metadata: CommandMetadata): Promise<CommandResult> {
    const { placementId } = input;
    await this.streams.placementFor(metadata.actor, placementId, 'its_lle');
    return this.commands.handle(
      placementDecider,
      placementStreamId(placementId),
      { type: 'TransferDays', data: input, metadata },
      { context: async () => ({ rules: this.rules }), maxAttempts: STREAM_MAX_ATTEMPTS },
    );
  }

  /**
   * Raising the days: 0. the amendment decided on the placement as it stands, as if the days were reserved
   * (a refusal reserves nothing); 1. the extra days reserved on the LLE's commitments (capacity); 2. the
   * amendment on the placement, with what is reserved; 3. the commitments told what it used, or, if 2
   * refused it, the reservation released. Lowering the days or moving the end point: 2, then 3.
   */
  async amendPlacement(
    input: Omit<AmendPlacement['data'], 'amendmentId'> & { amendmentId?: string },
    metadata: CommandMetadata,
  ): Promise<CommandResult & { amendmentId: string }> {
    const { placementId } = input;
    const { state } = await this.streams.placementFor(metadata.actor, placementId, 'brokers');
    const { lleId } = state.terms;
    const amendmentId = input.amendmentId ?? idCreatedBy(metadata.causationId, 'amendment');
    const command: AmendPlacement = { type: 'AmendPlacement', data: { ...input, amendmentId }, metadata };
    const increase = (input.halfDaysAgreed ?? state.terms.halfDaysAgreed) - state.terms.halfDaysAgreed;
    const results: CommandResult[] = [];
    let reserving = false;
    if (increase > 0 && state.amendments[amendmentId] === undefined) {
      const wouldAmend = placementDecider.decide(command, state, {
        rules: this.rules,
        reservedHalfDays: increase,
      });
      if (wouldAmend.length > 0) {
        reserving = true;
        results.push(
          await this.commands.handle(
            lleCommitmentsDecider,
            lleCommitmentsStreamId(lleId),
            {
              type: 'ReservePlacementDays',
              data: { lleId, placementId, amendmentId, halfDays: increase },
              metadata,
            },
            {
              context: async () => ({ rules: this.rules, lle: await this.streams.lle(lleId) }),
              maxAttempts: COMMITMENTS_MAX_ATTEMPTS,
            },
          ),
        );
      }
    }
    const reservedNow = async (): Promise<number> =>
      reservedForAmendment((await this.streams.commitments(lleId)).state, placementId, amendmentId);
    let amended: CommandResult;
    try {
      amended = await this.commands.handle(placementDecider, placementStreamId(placementId), command, {
        context: async () => ({ rules: this.rules, reservedHalfDays: await reservedNow() }),
        maxAttempts: STREAM_MAX_ATTEMPTS,
      });
    } catch (error) {
      const held = reserving && error instanceof DomainError ? await reservedNow() : 0;
      if (held > 0) {
        await this.commands.handle(
          lleCommitmentsDecider,
          lleCommitmentsStreamId(lleId),
          {
            type: 'ReleasePlacementDays',
            data: { lleId, placementId, amendmentId, reason: 'reservation_unused', halfDays: held },
            metadata: followUpMetadata(metadata, 'commitments'),
          },
          { context: async () => ({ rules: this.rules }), maxAttempts: COMMITMENTS_MAX_ATTEMPTS },
        );
      }
      throw error;
    }
    const event = (await this.streams.placement(placementId)).events.find(
      (candidate): candidate is PlacementAmended =>
        candidate.type === 'PlacementAmended' && candidate.data.amendmentId === amendmentId,
    );
    if (event !== undefined) {
      results.push(...(await this.settleCommitments(event, followUpMetadata(metadata, 'commitments'))));
    }
    return { ...combined(amended, ...results), amendmentId };
  }

  /** The placement first, then its commitment closed at the days delivered. */
  async completePlacement(placementId: string, metadata: CommandMetadata): Promise<CommandResult> {
    return this.endPlacement({ type: 'CompletePlacement', data: { placementId }, metadata });
  }

  async endPlacementEarly(
    placementId: string,
    reason: string,
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    return this.endPlacement({ type: 'EndPlacementEarly', data: { placementId, reason }, metadata });
  }

  private async endPlacement(
    command: Extract<PlacementCommand, { type: 'CompletePlacement' | 'EndPlacementEarly' }>,
  ): Promise<CommandResult> {
    const { placementId } = command.data;
    await this.streams.placementFor(command.metadata.actor, placementId, 'brokers');
    const ended = await this.commands.handle(placementDecider, placementStreamId(placementId), command, {
      context: async () => ({ rules: this.rules }),
      maxAttempts: STREAM_MAX_ATTEMPTS,
    });
    const ending = (await this.streams.placement(placementId)).events.find(isEnding);
    if (ending === undefined) return ended;
    const settled = await this.settleCommitments(ending, followUpMetadata(command.metadata, 'commitments'));
    return combined(ended, ...settled);
  }

  /** Against the competency framework of the LLE's cluster, from the cluster stream. */
  async recordImpactEvaluation(
    input: RecordImpactEvaluation['data'],
    metadata: CommandMetadata,
  ): Promise<CommandResult> {
    const { placementId } = input;
    const { state } = await this.streams.placementFor(metadata.actor, placementId, 'brokers');
    return this.commands.handle(
      placementDecider,
      placementStreamId(placementId),
      { type: 'RecordImpactEvaluation', data: input, metadata },
      {
        context: async () => ({
          rules: this.rules,
          framework: await this.streams.frameworkOf(state.terms.lleId),
        }),
        maxAttempts: STREAM_MAX_ATTEMPTS,
      },
    );
  }

  // ---- Follow-ups (the API right after a command; the reactor again after a crash) --------------------

  /** What the commitments stream is owed after a placement changed or ended its days (keyed: twice is once). */
  async settleCommitments(event: DaysChange, metadata: CommandMetadata): Promise<CommandResult[]> {
    const results: CommandResult[] = [];
    const commands = commitmentChangesAfter(event, metadata);
    for (const [index, command] of commands.entries()) {
      results.push(
        await this.commands.handle(
          lleCommitmentsDecider,
          lleCommitmentsStreamId(event.data.lleId),
          { ...command, metadata: followUpMetadata(metadata, `${index}`) },
          { context: async () => ({ rules: this.rules }), maxAttempts: COMMITMENTS_MAX_ATTEMPTS },
        ),
      );
    }
    return results;
  }

  /**
   * Everything a stored event obliges the other streams to, sent again: for the reactor, which runs it for
   * every such event after the API did (no-ops) or instead of a process that died half-way.
   */
  async followUp(
    event: PlacementBrokered | PlacementEvent,
    metadata: CommandMetadata,
  ): Promise<CommandResult[]> {
    switch (event.type) {
      case 'PlacementBrokered':
        return [...(await this.completeBrokering(event, metadata)).results];
      case 'SupportDayVoided':
        return [await this.releaseVoidedDay(event, metadata)];
      case 'PlacementAmended':
      case 'PlacementCompleted':
      case 'PlacementEndedEarly':
        return this.settleCommitments(event, metadata);
      default:
        return [];
    }
  }
}

function isEnding(event: PlacementEvent): event is PlacementCompleted | PlacementEndedEarly {
  return event.type === 'PlacementCompleted' || event.type === 'PlacementEndedEarly';
}

/**
 * The metadata of a later step of the same command: the same actor, clock and correlation, and a causation
 * id derived from the command's, so its event ids differ from the first step's on the same stream and are
 * the same again when the command is replayed.
 */
export function followUpMetadata(metadata: CommandMetadata, step: string): CommandMetadata {
  return { ...metadata, causationId: uuidV5Of(`follow-up\u0000${metadata.causationId}\u0000${step}`) };
}

/**
 * One answer for a command that wrote to several streams: the first result's stream and revision (the
 * thing the caller acted on), the highest position any step reached (to read one's writes with ?atLeast=),
 * and every event written.
 */
export function combined(main: CommandResult, ...others: readonly CommandResult[]): CommandResult {
  const positions = [main, ...others].flatMap((result) =>
    result.position === undefined ? [] : [result.position],
  );
  const position = positions.reduce<bigint | undefined>(
    (highest, candidate) => (highest === undefined || candidate > highest ? candidate : highest),
    undefined,
  );
  return {
    streamId: main.streamId,
    revision: main.revision,
    ...(position !== undefined ? { position } : {}),
    written: [main, ...others].reduce((sum, result) => sum + result.written, 0),
  };
}
