import type { KeyObject } from 'node:crypto';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { ALLIANCE_CODES, isAllianceCode, ROLES, type Actor, type Role } from '@lle/domain';
import { SigningKeysUnavailableError, TokenRejectedError, type TokenRejectionCode } from './auth.errors';
import { isDevPublicKey } from './dev-key';

/** Where the keys that sign tokens come from. */
export type KeySource =
  | { readonly kind: 'public-key'; readonly key: KeyObject }
  | { readonly kind: 'jwks'; readonly url: URL; readonly timeoutMs?: number };

export interface TokenVerifierOptions {
  readonly issuer: string;
  readonly audience: string;
  /** Accepted JWS algorithms; with a single public key, narrowed to those that key can verify. */
  readonly algorithms: readonly string[];
  readonly keys: KeySource;
  /** Production: a token whose verifying key is the committed development key is refused. */
  readonly refuseDevKey: boolean;
  readonly clockToleranceSeconds?: number;
  /** The clock; the system clock by default. */
  readonly now?: () => Date;
}

/** The asymmetric algorithms a key of each type can verify. Symmetric (HS*) and `none` are never accepted. */
export const ASYMMETRIC_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
] as const;

/** Which of the algorithms a public key can verify (an EC P-256 key only ES256, an RSA key RS* and PS*...). */
export function algorithmsForKey(key: KeyObject): string[] {
  const details = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'ec':
      return (
        { prime256v1: ['ES256'], secp384r1: ['ES384'], secp521r1: ['ES512'] }[details?.namedCurve ?? ''] ?? []
      );
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ed25519':
    case 'ed448':
      return ['EdDSA'];
    default:
      return [];
  }
}

/**
 * Verifies bearer tokens and turns their claims into an Actor. Framework-free: the Nest guard only maps its
 * errors to HTTP. Every refusal is a TokenRejectedError with a stable code and a message saying what is wrong.
 */
const VERIFIED_CACHE_SIZE = 10_000;

export class TokenVerifier {
  private readonly getKey: JWTVerifyGetKey;
  private readonly algorithms: string[];

  constructor(private readonly options: TokenVerifierOptions) {
    const { keys } = options;
    if (keys.kind === 'public-key') {
      if (options.refuseDevKey && isDevPublicKey(keys.key)) {
        throw new Error('The development key is configured where it must be refused');
      }
      const usable = algorithmsForKey(keys.key);
      this.algorithms = options.algorithms.filter((alg) => usable.includes(alg));
      if (this.algorithms.length === 0) {
        throw new Error(
          `None of the algorithms ${options.algorithms.join(', ')} can be verified with the configured key ` +
            `(it verifies ${usable.join(', ') || 'none'})`,
        );
      }
      this.getKey = async () => keys.key;
    } else {
      this.algorithms = [...options.algorithms];
      this.getKey = this.remoteKeys(keys.url, keys.timeoutMs);
    }
  }

  /** Authenticates the value of an Authorization header. */
  async authenticate(authorization: string | undefined): Promise<Actor> {
    return this.verify(bearerToken(authorization));
  }

  /**
   * Tokens already verified, until they expire: a client sends the same token with every request, and
   * checking its signature each time is the largest cost of a request after the database.
   */
  private readonly verified = new Map<string, { readonly actor: Actor; readonly expiresAt: number }>();

  /** Verifies a compact JWT: signature, algorithm, issuer, audience, validity period, then our claims. */
  async verify(token: string): Promise<Actor> {
    const now = this.options.now?.().getTime() ?? Date.now();
    const cached = this.verified.get(token);
    if (cached && now < cached.expiresAt) return cached.actor;
    if (cached) this.verified.delete(token);
    const actor = await this.verifyUncached(token);
    this.remember(token, actor, now);
    return actor;
  }

  private remember(token: string, actor: Actor, now: number): void {
    const [, payload] = token.split('.');
    const exp = payload
      ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JWTPayload).exp
      : undefined;
    if (typeof exp !== 'number' || exp * 1000 <= now) return;
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { actor, expiresAt: exp * 1000 });
  }

  private async verifyUncached(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.getKey, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.algorithms,
        requiredClaims: ['exp'],
        clockTolerance: this.options.clockToleranceSeconds ?? 30,
        ...(this.options.now ? { currentDate: this.options.now() } : {}),
      }));
    } catch (error) {
      throw this.explain(error, token);
    }
    return actorFromClaims(payload);
  }

  private remoteKeys(url: URL, timeoutMs = 5_000): JWTVerifyGetKey {
    const jwks = createRemoteJWKSet(url, { timeoutDuration: timeoutMs });
    return async (header, token) => {
      let key;
      try {
        key = await jwks(header, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
          throw error;
        }
        // A timeout, a refused connection, a non-200 or a body that is not a key set.
        throw new SigningKeysUnavailableError(url, { cause: error });
      }
      if (this.options.refuseDevKey && isDevPublicKey(key)) {
        throw rejected(
          'AUTH_TOKEN_DEV_KEY_REFUSED',
          'The bearer token is signed with the development key, which production never accepts',
        );
      }
      return key;
    };
  }

  private explain(error: unknown, token: string): unknown {
    if (error instanceof TokenRejectedError || error instanceof SigningKeysUnavailableError) return error;
    if (error instanceof errors.JWTExpired) {
      const { exp } = error.payload;
      const when = typeof exp === 'number' ? ` at ${new Date(exp * 1000).toISOString()}` : '';
      return rejected('AUTH_TOKEN_EXPIRED', `The bearer token expired${when}`);
    }
    if (error instanceof errors.JWTClaimValidationFailed) return this.explainClaim(error);
    if (error instanceof errors.JOSEAlgNotAllowed) {
      return rejected(
        'AUTH_TOKEN_ALGORITHM_NOT_ALLOWED',
        `The bearer token's algorithm ${quoted(algorithmOf(token))} is not allowed ` +
          `(allowed: ${this.algorithms.join(', ')})`,
      );
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return rejected('AUTH_TOKEN_BAD_SIGNATURE', "The bearer token's signature does not verify");
    }
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
      return rejected(
        'AUTH_TOKEN_UNKNOWN_KEY',
        "No single key of the issuer matches the bearer token's key id",
      );
    }
    if (error instanceof errors.JOSEError) {
      return rejected(
        'AUTH_TOKEN_MALFORMED',
        `The bearer token is not a well-formed signed JWT (${error.message})`,
      );
    }
    return error;
  }

  private explainClaim(error: errors.JWTClaimValidationFailed): TokenRejectedError {
    const { claim, reason, payload } = error;
    const missing = reason === 'missing';
    switch (claim) {
      case 'iss':
        return rejected(
          'AUTH_TOKEN_WRONG_ISSUER',
          missing
            ? 'The bearer token has no issuer (iss)'
            : `The bearer token's issuer ${quoted(payload.iss)} is not the expected ${quoted(this.options.issuer)}`,
        );
      case 'aud':
        return rejected(
          'AUTH_TOKEN_WRONG_AUDIENCE',
          missing
            ? 'The bearer token has no audience (aud)'
            : `The bearer token's audience ${quoted(payload.aud)} does not include ${quoted(this.options.audience)}`,
        );
      case 'nbf':
        if (reason === 'check_failed') {
          const { nbf } = payload;
          const when = typeof nbf === 'number' ? ` until ${new Date(nbf * 1000).toISOString()}` : '';
          return rejected('AUTH_TOKEN_NOT_YET_VALID', `The bearer token is not valid yet${when}`);
        }
        break;
      case 'exp':
        if (missing) return rejected('AUTH_TOKEN_INVALID_CLAIMS', 'The bearer token has no expiry (exp)');
        break;
    }
    return rejected(
      'AUTH_TOKEN_INVALID_CLAIMS',
      `The bearer token's ${claim} claim is invalid (${error.message})`,
    );
  }
}

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header (RFC 6750; the scheme is case-insensitive). */
export function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw rejected('AUTH_TOKEN_MISSING', "No bearer token: send the header 'Authorization: Bearer <token>'");
  }
  const token = BEARER.exec(authorization)?.[1];
  if (token === undefined) {
    throw rejected('AUTH_HEADER_MALFORMED', "The Authorization header must be 'Bearer <token>'");
  }
  return token;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Our claims: `sub`, `role` (one of ROLES), `alliance` (an alliance code; required for brokers). */
export function actorFromClaims(payload: JWTPayload): Actor {
  const { sub, role, alliance } = payload;
  if (typeof sub !== 'string' || sub.trim() === '') {
    throw rejected('AUTH_TOKEN_INVALID_CLAIMS', 'The bearer token has no subject (sub)');
  }
  if (!isRole(role)) {
    throw rejected(
      'AUTH_TOKEN_INVALID_CLAIMS',
      role === undefined
        ? 'The bearer token has no role'
        : `The bearer token's role ${quoted(role)} is not one of ${ROLES.join(', ')}`,
    );
  }
  if (alliance !== undefined && !isAllianceCode(alliance)) {
    throw rejected(
      'AUTH_TOKEN_INVALID_CLAIMS',
      `The bearer token's alliance ${quoted(alliance)} is not one of ${ALLIANCE_CODES.join(', ')}`,
    );
  }
  if (role === 'broker' && alliance === undefined) {
    throw rejected('AUTH_TOKEN_INVALID_CLAIMS', "A broker's bearer token must name their alliance");
  }
  return alliance === undefined ? { subject: sub, role } : { subject: sub, role, alliance };
}

function rejected(code: TokenRejectionCode, message: string): TokenRejectedError {
  return new TokenRejectedError(code, message);
}

function algorithmOf(token: string): unknown {
  try {
    return decodeProtectedHeader(token).alg;
  } catch {
    return undefined;
  }
}

/** Claim values come from the caller: shown JSON-encoded and cut short. */
function quoted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
