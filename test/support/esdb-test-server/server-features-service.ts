/**
 * ServerFeatures.GetSupportedMethods, which the client asks once per connection. The answer lists exactly the
 * methods this server implements, in the real server's shape (lower-cased names, ServerFeatures.cs): advertising
 * BatchAppend makes client 6.x append through BatchAppend, as it does against EventStoreDB 21.10 and later.
 */
import type { ServerUnaryCall, UntypedServiceImplementation, sendUnaryData } from '@grpc/grpc-js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';

/** The server version whose behaviour this test server follows. */
export const EMULATED_SERVER_VERSION = '24.10.0';

const STREAMS = 'event_store.client.streams.Streams';
const SERVER_FEATURES = 'event_store.client.server_features.ServerFeatures';

export function createServerFeaturesService(options: { batchAppend: boolean }): UntypedServiceImplementation {
  const methods: [service: string, method: string, features: string[]][] = [
    [STREAMS, 'Read', ['position', 'events']],
    [STREAMS, 'Append', []],
    ...(options.batchAppend ? [[STREAMS, 'BatchAppend', []] as [string, string, string[]]] : []),
    [SERVER_FEATURES, 'GetSupportedMethods', []],
  ];
  const supported = new SupportedMethods()
    .setEventStoreServerVersion(EMULATED_SERVER_VERSION)
    .setMethodsList(
      methods.map(([service, method, features]) =>
        new SupportedMethod()
          .setServiceName(service.toLowerCase())
          .setMethodName(method.toLowerCase())
          .setFeaturesList(features),
      ),
    );
  return {
    getSupportedMethods: (
      _call: ServerUnaryCall<Empty, SupportedMethods>,
      callback: sendUnaryData<SupportedMethods>,
    ) => callback(null, supported),
  };
}
