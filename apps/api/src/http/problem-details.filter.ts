import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommandConflictError } from '@lle/application';
import { DomainError } from '@lle/domain';
import { ReadModelBehindError } from './http-errors';
import { problem, type ProblemDetails } from './problem-details';

const DOMAIN_STATUS = { rule: 422, not_found: 404, conflict: 409 } as const;

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  503: 'UNAVAILABLE',
};

/** The one place errors become HTTP answers: problem documents with stable codes. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const body = { ...this.toProblem(exception), correlationId: request.correlationId };
    if (body.status >= 500 && !(exception instanceof ReadModelBehindError)) {
      this.logger.error(
        exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      );
    }
    if (exception instanceof ReadModelBehindError) {
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    void reply.status(body.status).header('Content-Type', 'application/problem+json').send(body);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      return problem(
        DOMAIN_STATUS[exception.kind],
        exception.code,
        exception.message,
        exception.details ?? {},
      );
    }
    if (exception instanceof CommandConflictError) {
      const { streamId, expected, actual } = exception.cause;
      return problem(HttpStatus.CONFLICT, 'CONCURRENT_CHANGE', exception.message, {
        streamId,
        expectedRevision: expected,
        actualRevision: actual,
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (isProblem(response)) return response;
      const detail = messageOf(response) ?? exception.message;
      return problem(
        status,
        codeOf(response) ?? HTTP_CODES[status] ?? `HTTP_${status}`,
        detail,
        extrasOf(response),
      );
    }
    if (isFastifyError(exception)) {
      const status = exception.statusCode;
      return problem(status, HTTP_CODES[status] ?? `HTTP_${status}`, exception.message);
    }
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'INTERNAL', 'Something went wrong; it has been logged');
  }
}

function isProblem(value: unknown): value is ProblemDetails {
  return (
    typeof value === 'object' && value !== null && 'code' in value && 'status' in value && 'type' in value
  );
}

/** Errors raised with a stable code of their own (the auth guard's AUTH_TOKEN_EXPIRED, …) keep it. */
function codeOf(response: string | object): string | undefined {
  const code = typeof response === 'object' ? (response as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Whatever else the exception carried (terminus's health details, for one) stays in the answer. */
function extrasOf(response: string | object): Record<string, unknown> {
  if (typeof response === 'string') return {};
  const {
    statusCode: _statusCode,
    message: _message,
    error: _error,
    code: _code,
    status: _status,
    ...extras
  } = response as Record<string, unknown>;
  return extras;
}

function messageOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

function isFastifyError(value: unknown): value is Error & { statusCode: number } {
  const statusCode = value instanceof Error ? (value as { statusCode?: unknown }).statusCode : undefined;
  return typeof statusCode === 'number' && statusCode < 500;
}
