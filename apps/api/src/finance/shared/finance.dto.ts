import { applyDecorators } from '@nestjs/common';
import { Matches } from 'class-validator';

/** A calendar month written YYYY-MM (the period an invoice run or an export covers). */
export function IsMonth(field: string): PropertyDecorator {
  return applyDecorators(
    Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: `${field} must be a month written YYYY-MM` }),
  );
}
