import { createHash } from 'node:crypto';
import {
  HttpException,
  HttpStatus,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, of, type Observable } from 'rxjs';
import { commandIdForIdempotencyKey } from '@lle/application';
import type { Actor } from '@lle/domain';
import { RequestValidationError } from '../http/http-errors';
import { problem } from '../http/problem-details';
import { IdempotencyStore } from './idempotency.store';

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Every command endpoint honours an Idempotency-Key header: the same key with the same request returns the
 * first response and writes nothing new; the same key with another request is refused with 422.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { actor?: Actor }>();
    const reply = http.getResponse<FastifyReply>();
    const key = request.headers['idempotency-key'];
    if (request.method === 'GET' || request.method === 'HEAD' || key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new RequestValidationError([
        { field: 'Idempotency-Key', messages: ['Idempotency-Key must be 1 to 255 visible ASCII characters'] },
      ]);
    }

    const caller = request.actor?.subject ?? 'anonymous';
    request.commandId = commandIdForIdempotencyKey(caller, key);
    const claim = await this.store.claim(caller, key, fingerprint(request));
    switch (claim.outcome) {
      case 'replay':
        void reply.status(claim.status).header('Idempotent-Replayed', 'true');
        return of(claim.body);
      case 'in_progress':
        throw new HttpException(
          problem(
            409,
            'IDEMPOTENCY_KEY_IN_PROGRESS',
            `A request with Idempotency-Key ${key} is still being handled`,
          ),
          HttpStatus.CONFLICT,
        );
      case 'reused_with_other_request':
        throw new HttpException(
          problem(
            422,
            'IDEMPOTENCY_KEY_REUSED',
            `Idempotency-Key ${key} was already used for a different request; use a new key for a new request`,
          ),
          HttpStatus.UNPROCESSABLE_ENTITY,
        );
      case 'claimed':
        break;
    }

    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return next.handle().pipe(
      mergeMap((body: unknown) => from(this.store.complete(caller, key, status, body).then(() => body))),
      catchError((error: unknown) =>
        from(
          this.store.release(caller, key).then(() => {
            throw error;
          }),
        ),
      ),
    );
  }
}

/** What makes two requests "the same": method, route, path parameters and body (key order ignored). */
function fingerprint(request: FastifyRequest): string {
  const route = request.routeOptions.url ?? request.url;
  return createHash('sha256')
    .update(canonicalJson([request.method, route, request.params ?? {}, request.body ?? null]))
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
