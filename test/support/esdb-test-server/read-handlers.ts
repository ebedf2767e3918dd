/**
 * Streams.Read: reads of one stream, reads of $all, and catch-up subscriptions to $all, with EventStoreDB's
 * semantics (Streams.Read.cs and the Enumerator classes in the server source).
 */
import { randomUUID } from 'node:crypto';

import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServerWritableStream, ServiceError } from '@grpc/grpc-js';
import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { ReadResp } from '@eventstore/db-client/generated/streams_pb';

import type { EventLog, StoredEvent } from './event-log';
import { endCall, waitForAppendOrCancel, writeWithBackpressure } from './flow-control';
import {
  caughtUpResponse,
  checkpointResponse,
  confirmationResponse,
  invalidPositionError,
  rpcError,
  streamNameOf,
  streamNotFoundResponse,
  toReadEventResponse,
} from './messages';
import type { StreamsServiceOptions, SubscriptionStats } from './streams-service';

/** ESDB's page size, the search window of a filtered subscription when the client does not give one. */
const DEFAULT_SEARCH_WINDOW = 32;

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
type Options = ReadReq.Options;

export async function handleRead(
  log: EventLog,
  serviceOptions: StreamsServiceOptions,
  call: ReadCall,
): Promise<void> {
  try {
    const options = call.request.getOptions();
    if (options === undefined) {
      return fail(call, rpcError(GrpcStatus.INVALID_ARGUMENT, '`options` is required'));
    }
    const uuidOption = options.getUuidOption();
    if (uuidOption === undefined) {
      return fail(call, rpcError(GrpcStatus.INVALID_ARGUMENT, ' `uuidOption` is a required argument'));
    }
    const { StreamOptionCase, CountOptionCase, FilterOptionCase, ReadDirection } = ReadReq.Options;
    const target = options.getStreamOptionCase();
    const count = options.getCountOptionCase();
    const forwards = options.getReadDirection() === ReadDirection.FORWARDS;
    const filtered = options.getFilterOptionCase() === FilterOptionCase.FILTER;
    const unfiltered = options.getFilterOptionCase() === FilterOptionCase.NO_FILTER;

    if (target === StreamOptionCase.STREAM && count === CountOptionCase.COUNT && unfiltered) {
      return await readStream(log, call, options, uuidOption);
    }
    if (target === StreamOptionCase.ALL && count === CountOptionCase.COUNT && (filtered || unfiltered)) {
      return await readAll(log, call, options, uuidOption);
    }
    if (target === StreamOptionCase.ALL && count === CountOptionCase.SUBSCRIPTION && forwards) {
      if (filtered || unfiltered) {
        serviceOptions.stats.openSubscriptions += 1;
        try {
          return await subscribeToAll(log, call, options, uuidOption, serviceOptions);
        } finally {
          serviceOptions.stats.openSubscriptions -= 1;
        }
      }
    }
    if (
      target === StreamOptionCase.STREAM &&
      count === CountOptionCase.SUBSCRIPTION &&
      forwards &&
      unfiltered
    ) {
      return fail(
        call,
        rpcError(GrpcStatus.UNIMPLEMENTED, 'The test server does not implement subscriptions to a stream'),
      );
    }
    return fail(call, rpcError(GrpcStatus.INVALID_ARGUMENT, 'The combination of read options is invalid.'));
  } catch (error) {
    return fail(call, rpcError(GrpcStatus.UNKNOWN, `Exception was thrown by handler. ${String(error)}`));
  }
}

async function readStream(
  log: EventLog,
  call: ReadCall,
  options: Options,
  uuidOption: ReadReq.Options.UUIDOption,
): Promise<void> {
  const streamOptions = options.getStream();
  const streamName = streamNameOf(streamOptions?.getStreamIdentifier());
  const events = log.streamEvents(streamName);
  if (events === undefined || streamOptions === undefined) {
    // One stream_not_found message, then a normal end: how ESDB reports a stream that was never written.
    if (await writeWithBackpressure(call, streamNotFoundResponse(streamName))) endCall(call);
    return;
  }
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const { RevisionOptionCase } = ReadReq.Options.StreamOptions;
  let index: number;
  switch (streamOptions.getRevisionOptionCase()) {
    case RevisionOptionCase.END:
      index = backwards ? events.length - 1 : events.length;
      break;
    case RevisionOptionCase.REVISION: {
      const revision = Number(BigInt(streamOptions.getRevision()));
      // Backwards from beyond the last event starts at the last event.
      index = backwards ? Math.min(revision, events.length - 1) : revision;
      break;
    }
    default:
      index = 0;
  }
  const step = backwards ? -1 : 1;
  let remaining = countOf(options);
  for (; remaining > 0 && index >= 0 && index < events.length; index += step, remaining -= 1) {
    const event = events[index];
    if (event === undefined) break;
    if (!(await writeWithBackpressure(call, toReadEventResponse(event, uuidOption)))) return;
  }
  endCall(call);
}

async function readAll(
  log: EventLog,
  call: ReadCall,
  options: Options,
  uuidOption: ReadReq.Options.UUIDOption,
): Promise<void> {
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const filter = options.hasFilter() ? toEventFilter(options.getFilter()) : undefined;
  if (filter instanceof Error) return fail(call, rpcError(GrpcStatus.INVALID_ARGUMENT, filter.message));

  const all = options.getAll();
  const { AllOptionCase } = ReadReq.Options.AllOptions;
  let index: number;
  switch (all?.getAllOptionCase()) {
    case AllOptionCase.POSITION: {
      const position = BigInt(all.getPosition()?.getCommitPosition() ?? '0');
      if (!log.isReadablePosition(position)) return fail(call, invalidPositionError());
      // Forwards includes the event at the position; backwards reads the records that end before it.
      index = log.firstIndexAtOrAfter(position) - (backwards ? 1 : 0);
      break;
    }
    case AllOptionCase.END:
      index = backwards ? log.length - 1 : log.length;
      break;
    default:
      index = backwards ? -1 : 0;
  }
  const step = backwards ? -1 : 1;
  let remaining = countOf(options);
  for (; remaining > 0 && index >= 0 && index < log.length; index += step) {
    const event = log.at(index);
    if (filter !== undefined && !filter.allows(event)) continue;
    if (!(await writeWithBackpressure(call, toReadEventResponse(event, uuidOption)))) return;
    remaining -= 1;
  }
  endCall(call);
}

/**
 * A catch-up subscription to $all: confirmation, the events after the start position, caught-up, then live
 * events as they are appended. It walks the log itself instead of buffering live events, so a client that reads
 * slowly only slows this loop down (gRPC flow control makes the writes wait) and is never dropped, as in
 * EventStoreDB 24.2 and later; `dropLiveSubscriptionsLaggingBy` brings back the older servers' drop.
 */
async function subscribeToAll(
  log: EventLog,
  call: ReadCall,
  options: Options,
  uuidOption: ReadReq.Options.UUIDOption,
  service: StreamsServiceOptions,
): Promise<void> {
  const filter = options.hasFilter() ? toEventFilter(options.getFilter()) : undefined;
  if (filter instanceof Error) return fail(call, rpcError(GrpcStatus.INVALID_ARGUMENT, filter.message));
  if (!(await writeWithBackpressure(call, confirmationResponse(randomUUID())))) return;
  const start = subscriptionStart(log, options.getAll());
  // Like ESDB: the subscription is confirmed first, the catch-up read then fails.
  if (start === undefined) return fail(call, invalidPositionError());

  let { index, lastConsidered } = start;
  let consideredSinceCheckpoint = 0;
  let caughtUp = false;
  let stopWatchingLag = (): void => undefined;
  const send = (message: ReadResp): Promise<boolean> => writeWithBackpressure(call, message);
  try {
    while (!call.cancelled && !call.writableEnded) {
      if (index < log.length) {
        const event = log.at(index);
        index += 1;
        lastConsidered = event.position;
        if (filter === undefined || filter.allows(event)) {
          if (!(await send(toReadEventResponse(event, uuidOption)))) return;
          service.stats.subscriptionEventsSent += 1;
        }
        consideredSinceCheckpoint += 1;
        if (filter !== undefined && consideredSinceCheckpoint >= filter.checkpointInterval) {
          consideredSinceCheckpoint = 0;
          if (!(await send(checkpointResponse(event.position)))) return;
        }
        continue;
      }
      if (!caughtUp) {
        caughtUp = true;
        // A filtered subscription checkpoints when it goes live, so a checkpoint comes within every interval.
        if (filter !== undefined && lastConsidered !== undefined) {
          if (!(await send(checkpointResponse(lastConsidered)))) return;
        }
        if (!(await send(caughtUpResponse()))) return;
        const limit = service.dropLiveSubscriptionsLaggingBy;
        if (limit !== undefined) {
          stopWatchingLag = dropWhenLagging(log, call, limit, () => index, service.stats);
        }
      }
      await waitForAppendOrCancel(log, call);
    }
  } finally {
    stopWatchingLag();
  }
}

/** Where a subscription starts reading the log; undefined when the position is not readable. */
function subscriptionStart(
  log: EventLog,
  all: ReadReq.Options.AllOptions | undefined,
): { index: number; lastConsidered: bigint | undefined } | undefined {
  const { AllOptionCase } = ReadReq.Options.AllOptions;
  switch (all?.getAllOptionCase()) {
    case AllOptionCase.END:
      return { index: log.length, lastConsidered: undefined };
    case AllOptionCase.POSITION: {
      const position = BigInt(all.getPosition()?.getCommitPosition() ?? '0');
      if (!log.isReadablePosition(position)) return undefined;
      // Exclusive: a subscription starts with the first event after the checkpoint it was given.
      return { index: log.firstIndexAtOrAfter(position + 1n), lastConsidered: position };
    }
    default:
      return { index: 0, lastConsidered: undefined };
  }
}

/**
 * EventStoreDB up to 23.10 queues a live subscription's events in two 32-event buffers in front of gRPC; when the
 * consumer lags further behind, it drops the subscription and the client must resubscribe.
 */
function dropWhenLagging(
  log: EventLog,
  call: ReadCall,
  limit: number,
  nextIndex: () => number,
  stats: SubscriptionStats,
): () => void {
  const stop = log.onEveryAppend(() => {
    if (log.length - nextIndex() <= limit) return;
    stop();
    stats.subscriptionsDropped += 1;
    const reason = 'Consumer too slow to handle event while live. Client resubscription required.';
    // Sent after the messages grpc-js still buffers, as ESDB completes its channel after the queued events.
    fail(call, rpcError(GrpcStatus.ABORTED, `Operation timed out: ${reason}`));
  });
  return () => void stop();
}

interface CompiledFilter {
  allows: (event: StoredEvent) => boolean;
  checkpointInterval: number;
}

/** ESDB's event filters for $all: its default $all rules, then the stream-name or event-type expression. */
function toEventFilter(filter: ReadReq.Options.FilterOptions | undefined): CompiledFilter | Error {
  if (filter === undefined) return new Error('filter options are missing');
  const byStream = filter.hasStreamIdentifier();
  const expression = byStream ? filter.getStreamIdentifier() : filter.getEventType();
  if (expression === undefined) {
    return new Error('A filter needs a stream identifier or an event type expression');
  }
  const multiplier = filter.getCheckpointintervalmultiplier();
  if (multiplier <= 0) return new Error('checkpointIntervalMultiplier must be greater than 0');
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;

  const regex = expression.getRegex();
  let matches: (value: string) => boolean;
  if (regex.length > 0) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex);
    } catch (error) {
      return new Error(`Invalid filter regex: ${String(error)}`);
    }
    matches = (value) => compiled.test(value);
  } else {
    const prefixes = expression.getPrefixList();
    matches = (value) => prefixes.some((prefix) => value.startsWith(prefix));
  }
  return {
    allows: (event) => allowedInAll(event) && matches(byStream ? event.streamName : event.type),
    checkpointInterval: multiplier * window,
  };
}

/** EventFilter.DefaultAllFilterStrategy: user streams always, and system streams except a few internal ones. */
function allowedInAll(event: StoredEvent): boolean {
  const stream = event.streamName;
  if (!stream.startsWith('$')) return true;
  if (stream === '$epoch-information') return false;
  const persistentAll = stream.startsWith('$persistentsubscription-$all::');
  return !(persistentAll && (stream.endsWith('-checkpoint') || stream.endsWith('-parked')));
}

function countOf(options: Options): number {
  const count = BigInt(options.getCount() || '0');
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}

function fail(call: ReadCall, error: Partial<ServiceError>): void {
  // grpc-js turns an 'error' on a server stream into the call's status.
  if (!call.cancelled) call.emit('error', error);
}
