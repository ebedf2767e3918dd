import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Actor, Role } from '@lle/domain';

export const IS_PUBLIC = 'lle:auth:public';
export const ALLOWED_ROLES = 'lle:auth:roles';
export const READ_ONLY = 'lle:auth:read-only';

/** The request as the guard leaves it: the verified actor attached. */
export interface AuthenticatedRequest {
  readonly headers: { readonly authorization?: string };
  readonly method: string;
  actor?: Actor;
}

/** No token needed (health, readiness, metrics). On a controller it covers every route in it. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Only these roles may call the route; a method's list replaces its controller's. Without @Roles any
 * authenticated actor may call it. Command endpoints never list 'auditor': auditors change nothing, and the
 * guard refuses them any POST, PUT, PATCH or DELETE that is not marked @ReadOnly().
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ALLOWED_ROLES, roles),
    // The OpenAPI document says who may call each route.
    ApiExtension('x-roles', roles),
  );

/**
 * Marks a route that changes nothing although its method is not GET (a query sent as POST, an audit check),
 * so auditors may call it.
 */
export const ReadOnly = (): MethodDecorator & ClassDecorator => SetMetadata(READ_ONLY, true);

/** The verified caller. Only on authenticated routes: on a @Public() route there is no actor. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const { actor } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (actor === undefined) {
    throw new Error('@CurrentActor() used on a route without an authenticated actor (is it @Public()?)');
  }
  return actor;
});
