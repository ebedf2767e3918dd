/**
 * The Streams gRPC service (streams.proto) over the in-memory log: Read (stream reads, $all reads, $all
 * subscriptions), Append and BatchAppend. Delete and Tombstone are not registered, so grpc-js answers
 * UNIMPLEMENTED for them, as it does for subscriptions to a single stream (see read-handlers.ts).
 */
import type {
  ServerDuplexStream,
  ServerReadableStream,
  ServerWritableStream,
  UntypedServiceImplementation,
  sendUnaryData,
} from '@grpc/grpc-js';
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';

import { handleAppend, handleBatchAppend } from './append-handlers';
import type { EventLog } from './event-log';
import { handleRead } from './read-handlers';

export interface StreamsServiceOptions {
  /** The server's MaxAppendSize: the sum of Event.SizeOnDisk over one append (ESDB default 1 MiB). */
  readonly maxAppendSize: number;
  /** Whether an idempotent (retried) append answers with the original position, as current servers do. */
  readonly idempotentAppendsReportPosition: boolean;
  /**
   * When set, a live subscription this many events behind the log is dropped with "consumer too slow", as
   * EventStoreDB up to 23.10 does (64 there). Unset: flow control only, as in 24.2 and later.
   */
  readonly dropLiveSubscriptionsLaggingBy: number | undefined;
  /** Counters a test can read through EsdbTestServer.stats(). */
  readonly stats: SubscriptionStats;
}

export interface SubscriptionStats {
  /** Events subscriptions have handed to gRPC: flow control keeps this near what the client consumed. */
  subscriptionEventsSent: number;
  /** Subscriptions to $all still being served; a cancelled one is gone. */
  openSubscriptions: number;
  /** Live subscriptions dropped for lagging (only with dropLiveSubscriptionsLaggingBy). */
  subscriptionsDropped: number;
}

export function createStreamsService(
  log: EventLog,
  options: StreamsServiceOptions,
): UntypedServiceImplementation {
  return {
    read: (call: ServerWritableStream<ReadReq, ReadResp>) => void handleRead(log, options, call),
    append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) =>
      void handleAppend(log, options, call, callback),
    batchAppend: (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) =>
      void handleBatchAppend(log, options, call),
  };
}
