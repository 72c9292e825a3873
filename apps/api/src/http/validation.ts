import { ArgumentMetadata, applyDecorators, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateIf, ValidateNested } from 'class-validator';
import { ApiError } from './api-error';

function collect(errors: ValidationError[], prefix: string, into: Record<string, string[]>): Record<string, string[]> {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[field] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, field, into);
  }
  return into;
}

/** class-validator with whitelist + forbid unknown fields; failures answer 400 VALIDATION_FAILED with details per field. */
export function commandValidationPipe(): ValidationPipe {
  return new CommandBodyPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false, // EmptyBody has no decorated fields; forbidNonWhitelisted still refuses any field it is sent
    transform: true,
    exceptionFactory: (errors) => {
      const details = collect(errors, '', {});
      return new ApiError(400, 'VALIDATION_FAILED', `invalid request: ${Object.keys(details).join(', ')}`, details);
    },
  });
}

/** A JSON array of nested DTOs, each validated, at most `max` long (documented as such). */
export function NestedList(item: new () => object, max: number): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [item] }),
    IsArray(),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(() => item),
  );
}

/**
 * A command's body is a JSON object (no body at all counts as `{}`): `false`, `0`, `""`, `[]` or
 * `null` are 400, never handed to a DTO.
 */
class CommandBodyPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A whole body (`@Body()`), not a named part of one: GraphQL's `@Args('id')` reaches this pipe as 'body' too.
    const wholeBody = metadata.type === 'body' && metadata.data === undefined;
    if (wholeBody && value === undefined) return super.transform({}, metadata);
    if (wholeBody && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'the body must be a JSON object', { body: ['must be a JSON object'] });
    }
    return super.transform(value, metadata);
  }
}

/** An optional field: it may be left out, but `null` is not a value (class-validator's IsOptional lets null through). */
export const Omittable = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
