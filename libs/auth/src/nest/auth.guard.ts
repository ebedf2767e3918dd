import {
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor, Role } from '@lle/domain';
import { SigningKeysUnavailableError, TokenRejectedError } from '../auth.errors';
import { TokenVerifier } from '../token-verifier';
import { ALLOWED_ROLES, IS_PUBLIC, READ_ONLY, type AuthenticatedRequest } from './auth.decorators';

const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const REALM = 'lle-brokerage';

/**
 * Every route needs a valid bearer token unless it is @Public(). Then @Roles() is checked, and auditors are
 * kept to reading. Installed globally (APP_GUARD) by AuthModule.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;
    // Only HTTP callers carry bearer tokens; any other transport is refused rather than let through.
    if (context.getType() !== 'http') return false;

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const actor = await this.authenticate(request, http.getResponse<ChallengeableResponse>());
    request.actor = actor;

    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ALLOWED_ROLES, targets);
    if (roles !== undefined && !roles.includes(actor.role)) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        code: 'AUTH_ROLE_NOT_ALLOWED',
        message: `Only ${roles.join(', ')} may do this; the caller is ${actor.role}`,
      });
    }
    if (
      actor.role === 'auditor' &&
      !READING_METHODS.has(request.method.toUpperCase()) &&
      !this.reflector.getAllAndOverride<boolean | undefined>(READ_ONLY, targets)
    ) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        code: 'AUTH_AUDITOR_READ_ONLY',
        message: 'Auditors read everything and change nothing',
      });
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, response: ChallengeableResponse): Promise<Actor> {
    try {
      return await this.verifier.authenticate(request.headers.authorization);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        response.header('WWW-Authenticate', challenge(error));
        throw new UnauthorizedException({
          statusCode: 401,
          error: 'Unauthorized',
          code: error.code,
          message: error.message,
        });
      }
      if (error instanceof SigningKeysUnavailableError) {
        throw new ServiceUnavailableException(
          { statusCode: 503, error: 'Service Unavailable', code: error.code, message: error.message },
          { cause: error },
        );
      }
      throw error;
    }
  }
}

/** Fastify's reply and Express's response both have `header(name, value)`. */
interface ChallengeableResponse {
  header(name: string, value: string): unknown;
}

/** RFC 6750 §3: no error code when no credentials were sent; otherwise invalid_request or invalid_token. */
function challenge(error: TokenRejectedError): string {
  if (error.code === 'AUTH_TOKEN_MISSING') return `Bearer realm="${REALM}"`;
  const kind = error.code === 'AUTH_HEADER_MALFORMED' ? 'invalid_request' : 'invalid_token';
  // error_description allows printable ASCII except '"' and '\'.
  const description = error.message.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
  return `Bearer realm="${REALM}", error="${kind}", error_description="${description}"`;
}
