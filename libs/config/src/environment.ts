import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';
import { PlainError } from './plain-error';

const POSTGRES_URL = /^postgres(ql)?:\/\/[^/]+\/[^/?]+/;
const REDIS_URL = /^rediss?:\/\/[^/]+/;
const ESDB_URL = /^esdb(\+discover)?:\/\/.+/;
/** The VAT treatments (as in @lle/domain's VAT_TREATMENTS; config does not depend on the domain). */
const VAT_TREATMENT_NAMES = ['standard', 'reduced', 'zero', 'exempt', 'outside_scope'] as const;
type VatTreatmentName = (typeof VAT_TREATMENT_NAMES)[number];

/** 'true' and 'false' as booleans; anything else is left for the validator to refuse. */
function parseFlag(value: unknown): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

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

  /**
   * Connections in each process's PostgreSQL event-store pool. The worker's billing jobs (BILLING_CONCURRENCY
   * at once) and its projections share it, so it should exceed that concurrency.
   */
  @IsInt({ message: 'EVENT_STORE_POOL_SIZE must be a whole number' })
  @Min(1, { message: 'EVENT_STORE_POOL_SIZE must be between 1 and 200' })
  @Max(200, { message: 'EVENT_STORE_POOL_SIZE must be between 1 and 200' })
  EVENT_STORE_POOL_SIZE: number = 12;

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

  /** Billing jobs (BullMQ on REDIS_URL): run them in the worker, and show the queue on the API. */
  @Transform(({ obj }: { obj: Record<string, unknown> }) => parseFlag(obj.BILLING_ENABLED))
  @IsIn([true, false], { message: 'BILLING_ENABLED must be true or false' })
  BILLING_ENABLED: boolean = true;

  /** The prefix of every BullMQ key in Redis (one per environment or test). */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, {
    message: 'BILLING_QUEUE_PREFIX must be 1 to 64 letters, digits, _ . -',
  })
  BILLING_QUEUE_PREFIX: string = 'lle';

  /** How many times a billing job is tried before it waits in the failed set for a person. */
  @IsInt({ message: 'BILLING_JOB_ATTEMPTS must be a whole number' })
  @Min(1, { message: 'BILLING_JOB_ATTEMPTS must be at least 1' })
  @Max(100)
  BILLING_JOB_ATTEMPTS: number = 8;

  /** The first wait before a failed billing job is tried again; it doubles each time. */
  @IsInt({ message: 'BILLING_JOB_BACKOFF_MS must be a whole number' })
  @Min(0)
  @Max(3_600_000)
  BILLING_JOB_BACKOFF_MS: number = 1_000;

  /**
   * Billing jobs run at once in one worker process. A job mostly waits on PostgreSQL and Redis, so 8 keep
   * the worker's one thread busy; more add nothing but connections (each job holds one of the event store's
   * pool, which the worker's projections share).
   */
  @IsInt({ message: 'BILLING_CONCURRENCY must be a whole number' })
  @Min(1)
  @Max(64)
  BILLING_CONCURRENCY: number = 8;

  /** How long a job's lock lasts: a job whose worker died runs again after this. */
  @IsInt({ message: 'BILLING_JOB_LOCK_MS must be a whole number' })
  @Min(1_000)
  @Max(600_000)
  BILLING_JOB_LOCK_MS: number = 30_000;

  /** VAT rates in basis points (2000 = 20%); zero, exempt and outside_scope charge none. */
  @IsInt({ message: 'VAT_STANDARD_RATE_BPS must be whole basis points' })
  @Min(0)
  @Max(10_000)
  VAT_STANDARD_RATE_BPS: number = 2_000;

  @IsInt({ message: 'VAT_REDUCED_RATE_BPS must be whole basis points' })
  @Min(0)
  @Max(10_000)
  VAT_REDUCED_RATE_BPS: number = 500;

  /** The VAT treatment of a requesting body of each kind unless finance set one for the body. */
  @IsIn(VAT_TREATMENT_NAMES, {
    message: `VAT_DEFAULT_SCHOOL must be one of ${VAT_TREATMENT_NAMES.join(', ')}`,
  })
  VAT_DEFAULT_SCHOOL: VatTreatmentName = 'standard';

  @IsIn(VAT_TREATMENT_NAMES, {
    message: `VAT_DEFAULT_LOCAL_AUTHORITY must be one of ${VAT_TREATMENT_NAMES.join(', ')}`,
  })
  VAT_DEFAULT_LOCAL_AUTHORITY: VatTreatmentName = 'standard';

  @IsIn(VAT_TREATMENT_NAMES, {
    message: `VAT_DEFAULT_DIOCESE must be one of ${VAT_TREATMENT_NAMES.join(', ')}`,
  })
  VAT_DEFAULT_DIOCESE: VatTreatmentName = 'standard';

  /** Finance: an invoice is due this many days after it is issued, unless the invoice run names its own. */
  @IsInt({ message: 'FINANCE_PAYMENT_TERMS_DAYS must be a whole number of days' })
  @Min(0, { message: 'FINANCE_PAYMENT_TERMS_DAYS must be between 0 and 365' })
  @Max(365, { message: 'FINANCE_PAYMENT_TERMS_DAYS must be between 0 and 365' })
  FINANCE_PAYMENT_TERMS_DAYS: number = 30;
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
  'EVENT_STORE_POOL_SIZE',
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
  'BILLING_ENABLED',
  'BILLING_QUEUE_PREFIX',
  'BILLING_JOB_ATTEMPTS',
  'BILLING_JOB_BACKOFF_MS',
  'BILLING_CONCURRENCY',
  'BILLING_JOB_LOCK_MS',
  'VAT_STANDARD_RATE_BPS',
  'VAT_REDUCED_RATE_BPS',
  'VAT_DEFAULT_SCHOOL',
  'VAT_DEFAULT_LOCAL_AUTHORITY',
  'VAT_DEFAULT_DIOCESE',
  'FINANCE_PAYMENT_TERMS_DAYS',
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
