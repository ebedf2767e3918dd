/**
 * An in-process EventStoreDB for tests: a grpc-js server speaking the wire protocol of the official client
 * (the service definitions it ships), over an in-memory log. It implements what EsdbEventStore uses:
 * Streams.Read (stream reads, $all reads, $all subscriptions), Streams.Append, Streams.BatchAppend and
 * ServerFeatures.GetSupportedMethods. Every other RPC answers UNIMPLEMENTED. Test support only.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';

import { EventLog, ExpectedVersion } from './event-log';
import type { ProposedEvent } from './event-log';
import { createServerFeaturesService } from './server-features-service';
import { createStreamsService } from './streams-service';
import type { SubscriptionStats } from './streams-service';

export interface EsdbTestServer {
  /** For EventStoreDBClient.connectionString, e.g. esdb://127.0.0.1:40123?tls=false */
  connectionString: string;
  stop(): Promise<void>;
  /** Counters about subscriptions, for tests of flow control and clean unsubscription. */
  stats(): Readonly<SubscriptionStats>;
}

export interface EsdbTestServerOptions {
  /** ESDB's MaxAppendSize (bytes of data + metadata + 2 × type length per append). Default 1 MiB, as ESDB's. */
  readonly maxAppendSize?: number;
  /**
   * Advertise and serve BatchAppend, which client 6.x then uses for every append (as against ESDB 21.10+).
   * With false, the client falls back to the Append RPC. Default true.
   */
  readonly batchAppend?: boolean;
  /** Answer idempotent appends with their original position (current servers). Default true. */
  readonly idempotentAppendsReportPosition?: boolean;
  /**
   * Drop a live $all subscription whose consumer lags this many events behind, with the error EventStoreDB up
   * to 23.10 sends ("Consumer too slow ... Client resubscription required"); those versions use 64. Default:
   * never drop, rely on gRPC flow control, as EventStoreDB 24.2 and later do.
   */
  readonly dropLiveSubscriptionsLaggingBy?: number;
  /** Start with a few system events in $all, as a fresh EventStoreDB has. Default true. */
  readonly systemEvents?: boolean;
}

const ONE_MIB = 1024 * 1024;
/** EventStoreDB accepts records up to 16 MiB; the client reads up to 17 MiB. Allow the same here. */
const MAX_MESSAGE_BYTES = 17 * ONE_MIB;
const SHUTDOWN_GRACE_MS = 500;

export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const batchAppend = options.batchAppend ?? true;
  const log = new EventLog();
  if (options.systemEvents ?? true) seedSystemEvents(log);

  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const stats: SubscriptionStats = {
    subscriptionEventsSent: 0,
    openSubscriptions: 0,
    subscriptionsDropped: 0,
  };
  const streams = createStreamsService(log, {
    stats,
    dropLiveSubscriptionsLaggingBy: options.dropLiveSubscriptionsLaggingBy,
    maxAppendSize: options.maxAppendSize ?? ONE_MIB,
    idempotentAppendsReportPosition: options.idempotentAppendsReportPosition ?? true,
  });
  if (!batchAppend) delete streams.batchAppend;
  server.addService(StreamsService, streams);
  server.addService(ServerFeaturesService, createServerFeaturesService({ batchAppend }));

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, boundPort) =>
      error ? reject(error) : resolve(boundPort),
    );
  });

  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    stop: () => shutdown(server),
    stats: () => ({ ...stats }),
  };
}

/** Graceful first; calls still open after the grace period (live subscriptions) are cut, as a crash would. */
function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

/**
 * A fresh EventStoreDB is never empty: it writes its own events ($-prefixed streams and types). Seeding a few
 * makes the adapter prove it leaves them out of $all reads, subscriptions and the head position.
 */
function seedSystemEvents(log: EventLog): void {
  const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value), 'utf8');
  const event = (id: string, type: string, data: unknown): ProposedEvent => ({
    id,
    type,
    isJson: true,
    data: json(data),
    metadata: new Uint8Array(),
  });
  log.append('$epoch-information', ExpectedVersion.Any, [
    event('1b0e8fd2-0b8e-4d4c-9a3f-0f7f5b1c1a01', '$epoch-information', { epochNumber: 0 }),
  ]);
  log.append('$$$scavenges', ExpectedVersion.Any, [
    event('1b0e8fd2-0b8e-4d4c-9a3f-0f7f5b1c1a02', '$metadata', { $maxAge: 2_592_000 }),
  ]);
  log.append('$user-admin', ExpectedVersion.Any, [
    event('1b0e8fd2-0b8e-4d4c-9a3f-0f7f5b1c1a03', '$user', {
      loginName: 'admin',
      fullName: 'Event Store Administrator',
    }),
  ]);
}
