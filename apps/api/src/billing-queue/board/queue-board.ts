import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TokenRejectedError, TokenVerifier } from '@lle/auth';
import { SETTINGS, type Settings } from '@lle/config';
import type { Role } from '@lle/domain';
import { problem } from '../../http/problem-details';
import { BillingQueueClient } from '../billing-queue.provider';

/** Where the board is served, and who may use it. */
export const BOARD_PATH = '/admin/queues';
export const BOARD_ROLES: readonly Role[] = ['admin', 'finance'];
/** The cookie a browser carries the bearer token in (set by POST /admin/queues-session). */
export const BOARD_COOKIE = 'lle_queues_token';

/**
 * Bull Board (@bull-board/fastify) on the billing queue at /admin/queues: waiting, active, delayed,
 * completed and failed jobs, each with its data, error and attempts; a failed job can be retried from
 * there (the only action allowed). It is a Fastify plugin outside Nest's routing, so it checks the caller
 * itself, as the guard would: a bearer token in the Authorization header, or the same token in the
 * board's cookie (for a browser), of an admin or finance officer.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly client: BillingQueueClient,
    private readonly verifier: TokenVerifier,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async onModuleInit(): Promise<void> {
    const { queue } = this.client;
    if (queue === null) return;
    const board = new BoardAdapter();
    board.setBasePath(BOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(queue)],
      serverAdapter: board,
      options: { uiConfig: { boardTitle: 'LLE billing jobs' } },
    });
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(async (scope) => {
      scope.addHook('onRequest', (request, reply) => this.authorise(request, reply));
      await scope.register(board.registerPlugin(), { prefix: BOARD_PATH });
    });
  }

  private async authorise(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const cookie = cookieValue(request.headers.cookie, BOARD_COOKIE);
    const authorization = request.headers.authorization ?? (cookie ? `Bearer ${cookie}` : undefined);
    const refuse = (status: number, code: string, detail: string) =>
      reply
        .status(status)
        .type('application/problem+json')
        .send({ ...problem(status, code, detail), correlationId: request.id });
    try {
      const actor = await this.verifier.authenticate(authorization);
      if (!BOARD_ROLES.includes(actor.role)) {
        return refuse(
          403,
          'AUTH_ROLE_NOT_ALLOWED',
          `Only ${BOARD_ROLES.join(', ')} may use the queue board; the caller is ${actor.role}`,
        );
      }
      if (!mayChange(request.method, request.url)) {
        return refuse(
          403,
          'BILLING_BOARD_ACTION_NOT_ALLOWED',
          'The board only retries jobs: billing jobs are never added, edited, cleaned or removed by hand',
        );
      }
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        reply.header('WWW-Authenticate', 'Bearer realm="lle-brokerage"');
        const hint = this.settings.NODE_ENV === 'production' ? '' : ` (sign in at ${BOARD_PATH}-login)`;
        return refuse(401, error.code, `${error.message}${hint}`);
      }
      throw error;
    }
  }
}

const RETRY = new RegExp(`^${BOARD_PATH}/api/queues/[^/]+/(retry/failed|[^/]+/retry)([?].*)?$`);

/**
 * Looking is always allowed; of the board's actions only retrying a failed job (one, or all of them) is.
 * Adding, editing, cleaning, emptying or obliterating would hide a failure or bill by hand.
 */
export function mayChange(method: string, url: string): boolean {
  const verb = method.toUpperCase();
  return verb === 'GET' || verb === 'HEAD' || (verb === 'PUT' && RETRY.test(url));
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
