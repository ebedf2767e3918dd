import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Actor, CommandMetadata } from '@lle/domain';

/**
 * The metadata every command carries, filled here at the edge and nowhere else: the clock, the actor from
 * the verified token, the request's correlation id and the command id (the events' causation id).
 */
export const CommandContext = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandMetadata => {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    if (!request.actor) throw new UnauthorizedException('A bearer token is required');
    return {
      now: new Date(),
      actor: request.actor,
      correlationId: request.correlationId,
      causationId: request.commandId,
    };
  },
);
