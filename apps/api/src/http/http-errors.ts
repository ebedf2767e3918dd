import { HttpException, HttpStatus } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { problem, type FieldError } from './problem-details';

/** 400 naming every failing field, built from class-validator's errors (nested fields get dotted paths). */
export class RequestValidationError extends HttpException {
  constructor(readonly fields: FieldError[]) {
    super(
      problem(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        `The request is invalid: ${fields.map((f) => `${f.field} (${f.messages.join('; ')})`).join(', ')}`,
        { errors: fields },
      ),
      HttpStatus.BAD_REQUEST,
    );
  }

  static fromValidationErrors(errors: ValidationError[]): RequestValidationError {
    return new RequestValidationError(flatten(errors, ''));
  }
}

function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The read model has not reached the position the caller asked for within the wait allowed. */
export class ReadModelBehindError extends HttpException {
  constructor(
    readonly position: bigint,
    readonly retryAfterSeconds = 1,
  ) {
    super(
      problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        'READ_MODEL_BEHIND',
        `The read model has not yet reached position ${position}; try again shortly`,
        { atLeast: position.toString() },
      ),
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
