import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, concatMap, from, map, Observable, throwError } from 'rxjs';
import type { AuthenticatedRequest } from '@lle/auth';
import { AuditTrail } from '@lle/read-models';

type AuditedRequest = FastifyRequest & Pick<AuthenticatedRequest, 'actor'>;

/**
 * Records in the audit trail every request an auditor makes (queries and exports alike) and every call of
 * the audit routes, whoever makes it: who, the route, its parameters and query, how it ended and the
 * correlation id. The entry is written before the answer leaves, and a failure to write it fails the
 * request: an auditor's read is never left off the trail. Requests the guard refuses never reach here.
 */
@Injectable()
export class AuditTrailInterceptor implements NestInterceptor {
  constructor(private readonly trail: AuditTrail) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    const { actor } = request;
    const route = request.routeOptions?.url ?? request.url;
    if (!actor || (actor.role !== 'auditor' && !route.startsWith('/audit'))) return next.handle();

    const record = (outcome: string): Promise<void> =>
      this.trail.record({
        channel: 'api',
        actor,
        action: `${request.method} ${route}`,
        target: { path: request.url, params: request.params ?? {}, query: request.query ?? {} },
        outcome,
        correlationId: request.correlationId,
      });
    return next.handle().pipe(
      concatMap((answer: unknown) => from(record('ok')).pipe(map(() => answer))),
      catchError((error: unknown) => {
        const status = error instanceof HttpException ? String(error.getStatus()) : 'error';
        return from(record(status)).pipe(concatMap(() => throwError(() => error)));
      }),
    );
  }
}
