import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** From the X-Correlation-Id header, or made here; echoed on the response, logged, kept in every event. */
    correlationId: string;
    /**
     * The id of the command this request carries: its events' causation id and the seed of their ids.
     * Random per request; derived from the Idempotency-Key when one is sent, so a replay after a crash
     * re-appends the same event ids.
     */
    commandId: string;
  }
}

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's request id is the correlation id, so pino-http logs every line of a request with it. Passed to
 * the FastifyAdapter as `genReqId`.
 */
export function correlationIdOf(request: IncomingMessage): string {
  const given = request.headers['x-correlation-id'];
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

/**
 * Names the correlation and command ids on every request before anything else runs, and echoes the first.
 * Once the server is closing, each answer also closes its connection, so a keep-alive client does not hold
 * the shutdown open after its last request in flight has been answered.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  // Callback hooks rather than async ones: these run on every request, and an async hook costs a promise
  // and a turn of the microtask queue each.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('Connection', 'close');
    done(null, payload);
  });
  fastify.decorateRequest('correlationId', '');
  fastify.decorateRequest('commandId', '');
  fastify.addHook('onRequest', (request, reply, done) => {
    request.correlationId = request.id;
    request.commandId = randomUUID();
    void reply.header('X-Correlation-Id', request.correlationId);
    done();
  });
}
