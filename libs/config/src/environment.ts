import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';
import { PlainError } from './plain-error';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^/]+\/[^/?]+/;
const REDIS_URL = /^rediss?:\/\/[^/]+/;
const ESDB_URL = /^esdb(\+discover)?:\/\/.+/;

/**
 * Every setting the processes read, validated once at start. Outside production the local machine's
 * services are the defaults; in production each of DATABASE_URL and REDIS_URL must be given.
 */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.DATABASE_URL !== undefined)
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// URL naming a database' })
  DATABASE_URL?: string;

  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.REDIS_URL !== undefined)
  @Matches(REDIS_URL, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;

  @IsIn(['postgres', 'esdb'], { message: 'EVENT_STORE must be postgres or esdb' })
  EVENT_STORE: 'postgres' | 'esdb' = 'postgres';

  @ValidateIf((env: Environment) => env.EVENT_STORE === 'esdb')
  @Matches(ESDB_URL, { message: 'EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string' })
  EVENTSTORE_CONNECTION_STRING?: string;

  @IsInt({ message: 'PORT must be a whole number' })
  @Min(1, { message: 'PORT must be between 1 and 65535' })
  @Max(65535, { message: 'PORT must be between 1 and 65535' })
  PORT: number = 3000;

  @IsString()
  HOST: string = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  /** Expected `iss` of bearer tokens. Outside production it defaults to the development issuer. */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.AUTH_ISSUER !== undefined)
  @IsString({ message: 'AUTH_ISSUER must name the token issuer' })
  AUTH_ISSUER?: string;

  /** Expected `aud` of bearer tokens. */
  @IsString()
  AUTH_AUDIENCE: string = 'lle-brokerage';

  /** Comma-separated JWS algorithms accepted. */
  @Matches(/^[A-Za-z0-9]+(,[A-Za-z0-9]+)*$/, {
    message: 'AUTH_ALGORITHMS must be a comma-separated list such as ES256,RS256',
  })
  AUTH_ALGORITHMS: string = 'ES256,RS256,EdDSA';

  /** Where the issuer publishes its keys; or give AUTH_PUBLIC_KEY instead. */
  @ValidateIf((env: Environment) => env.AUTH_JWKS_URL !== undefined)
  @Matches(/^https?:\/\/.+/, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  /** A PEM (SPKI) public key, or a path to a file holding one. */
  @ValidateIf((env: Environment) => env.AUTH_PUBLIC_KEY !== undefined)
  @IsString()
  AUTH_PUBLIC_KEY?: string;

  /** How long an Idempotency-Key and its first response are kept. */
  @IsInt({ message: 'IDEMPOTENCY_TTL_HOURS must be a whole number' })
  @Min(1, { message: 'IDEMPOTENCY_TTL_HOURS must be at least 1' })
  IDEMPOTENCY_TTL_HOURS: number = 24;

  /** How long a query with ?atLeast= waits for the read model to catch up before answering 503. */
  @IsInt({ message: 'READ_YOUR_WRITES_TIMEOUT_MS must be a whole number' })
  @Min(0)
  @Max(60_000)
  READ_YOUR_WRITES_TIMEOUT_MS: number = 2_000;

  /** Tamper evidence: the worker records a checkpoint over the global log every this many events. */
  @IsInt({ message: 'CHECKPOINT_EVERY must be a whole number' })
  @Min(1, { message: 'CHECKPOINT_EVERY must be at least 1' })
  CHECKPOINT_EVERY: number = 1_000;

  /** ...and one at the head when its last checkpoint is older than this (0: only every CHECKPOINT_EVERY). */
  @IsInt({ message: 'CHECKPOINT_HEAD_AFTER_MS must be a whole number' })
  @Min(0)
  CHECKPOINT_HEAD_AFTER_MS: number = 60_000;

}

export const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/lle_brokerage';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/** The validated settings, with the local defaults filled in. */
export type Settings = Environment & { DATABASE_URL: string; REDIS_URL: string };

const SETTINGS = [
  'NODE_ENV',
  'DATABASE_URL',
  'REDIS_URL',
  'EVENT_STORE',
  'EVENTSTORE_CONNECTION_STRING',
  'PORT',
  'HOST',
  'LOG_LEVEL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_ALGORITHMS',
  'AUTH_JWKS_URL',
  'AUTH_PUBLIC_KEY',
  'IDEMPOTENCY_TTL_HOURS',
  'READ_YOUR_WRITES_TIMEOUT_MS',
  'CHECKPOINT_EVERY',
  'CHECKPOINT_HEAD_AFTER_MS',
] as const;

export class InvalidEnvironmentError extends PlainError {
  override readonly name = 'InvalidEnvironmentError';
}

/**
 * Validates raw environment variables; throws one error naming every variable that is missing or malformed.
 * Used as @nestjs/config's `validate` and by the command-line tools.
 */
export function validateEnvironment(raw: Record<string, unknown>): Settings {
  const given: Record<string, unknown> = Object.fromEntries(
    SETTINGS.filter((key) => raw[key] !== undefined && raw[key] !== '').map((key) => [key, raw[key]]),
  );
  const env = plainToInstance(Environment, given, { enableImplicitConversion: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((error) => {
      const messages = [...new Set(Object.values(error.constraints ?? {}))];
      const value = given[error.property];
      const shown = value === undefined ? 'missing' : `got ${JSON.stringify(value)}`;
      return `  ${error.property}: ${messages.join('; ')} (${shown})`;
    });
    throw new InvalidEnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  env.DATABASE_URL ??= LOCAL_DATABASE_URL;
  env.REDIS_URL ??= LOCAL_REDIS_URL;
  return env as Settings;
}
