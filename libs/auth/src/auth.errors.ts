/** Why a bearer token was refused; stable codes that clients and tests can rely on. */
export type TokenRejectionCode =
  | 'AUTH_TOKEN_MISSING'
  | 'AUTH_HEADER_MALFORMED'
  | 'AUTH_TOKEN_MALFORMED'
  | 'AUTH_TOKEN_EXPIRED'
  | 'AUTH_TOKEN_NOT_YET_VALID'
  | 'AUTH_TOKEN_WRONG_ISSUER'
  | 'AUTH_TOKEN_WRONG_AUDIENCE'
  | 'AUTH_TOKEN_ALGORITHM_NOT_ALLOWED'
  | 'AUTH_TOKEN_BAD_SIGNATURE'
  | 'AUTH_TOKEN_UNKNOWN_KEY'
  | 'AUTH_TOKEN_DEV_KEY_REFUSED'
  | 'AUTH_TOKEN_INVALID_CLAIMS';

/** The caller's token is missing or not acceptable: the caller is not authenticated (HTTP 401). */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';

  constructor(
    readonly code: TokenRejectionCode,
    message: string,
  ) {
    super(message);
  }
}

/** The issuer's keys could not be fetched: not the caller's fault, so not a 401 (HTTP 503). */
export class SigningKeysUnavailableError extends Error {
  override readonly name = 'SigningKeysUnavailableError';
  readonly code = 'AUTH_KEYS_UNAVAILABLE';

  constructor(url: URL, options?: { cause?: unknown }) {
    super(`Could not fetch the token issuer's signing keys from ${url.href}`, options);
  }
}
