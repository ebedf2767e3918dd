import { ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isLocalDate } from '@lle/domain';
import { RequestValidationError } from './http-errors';

/** Bodies and queries are validated against their DTOs; unknown fields are refused, every failure named. */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => RequestValidationError.fromValidationErrors(errors),
  });
}

/** A calendar date written YYYY-MM-DD (no time of day), one that exists. */
export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: propertyKey as string,
      options: { message: `${String(propertyKey)} must be a calendar date written YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isLocalDate(value) },
    });
}

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export function uuidParam(name: string): ParseUUIDPipe {
  return new ParseUUIDPipe({
    exceptionFactory: () =>
      new RequestValidationError([{ field: name, messages: [`${name} must be a UUID`] }]),
  });
}
