export { startEsdbTestServer } from './esdb-test-server';
export type { EsdbTestServer, EsdbTestServerOptions } from './esdb-test-server';
export type { SubscriptionStats } from './streams-service';
