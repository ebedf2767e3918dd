/**
 * A child process serving the HTTP baseline: a bare Fastify app (the API's Fastify version) with one route
 * that parses the JSON body and does one raw INSERT of the event into a same-shaped table, with no
 * validation, no authentication, no decision and no read: what the command path costs at the least.
 *
 *   bare-server.ts DATABASE_URL
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Pool } from 'pg';
import { serveBenchRequests } from './child';

/** The API's event store pool size (PostgresEventStore.fromUrl's default). */
const POOL_SIZE = 10;

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error('usage: bare-server.ts DATABASE_URL');
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  pool.on('error', () => undefined);
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });

  app.post('/*', async (request, reply) => {
    const streamId = `bare-${randomUUID()}`;
    const metadata = { actor: { subject: 'bench', role: 'admin' }, occurredAt: new Date().toISOString() };
    const { rows } = await pool.query<{ global_position: string }>(
      `INSERT INTO bench_raw.events (event_id, stream_id, stream_revision, event_type, data, metadata)
       VALUES ($1, $2, 0, 'BareEvent', $3, $4) RETURNING global_position`,
      [randomUUID(), streamId, JSON.stringify(request.body ?? {}), JSON.stringify(metadata)],
    );
    return reply.code(201).send({ streamId, revision: 0, position: rows[0]?.global_position, written: 1 });
  });

  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  serveBenchRequests({ port: async () => port }, async () => {
    await app.close();
    await pool.end();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
