import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

type Class = new (...args: never[]) => object;

/** May be left out; unlike class-validator's IsOptional, null is not taken for "left out". */
export function Optional(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/** A nested object validated against its own DTO; missing or not an object is named as such. */
export function Nested(type: () => Class, description?: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ type, description }), IsObject(), ValidateNested(), Type(type));
}

/** A list of nested objects, each validated against its DTO. */
export function NestedList(type: () => Class, maxItems: number, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type, isArray: true, maxItems, description }),
    IsArray(),
    ArrayMaxSize(maxItems),
    ValidateNested({ each: true }),
    Type(type),
  );
}

/**
 * Free text someone writes (evidence, notes, reasons). It may be blank where the domain says so; it is sealed
 * with the applicant's key before it goes into an event.
 */
export function FreeText(maxLength: number, description?: string, example?: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ maxLength, description, example }), IsString(), MaxLength(maxLength));
}

export function OptionalFreeText(maxLength: number, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ maxLength, description }),
    Optional(),
    IsString(),
    MaxLength(maxLength),
  );
}

/** A short required text: a name, a title. */
export function Name(maxLength: number, example?: string): PropertyDecorator {
  return applyDecorators(ApiProperty({ maxLength, example }), IsString(), IsNotEmpty(), MaxLength(maxLength));
}

export function OptionalName(maxLength: number, example?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ maxLength, example }),
    Optional(),
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
  );
}
