import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SignJWT } from 'jose';
import type { Role } from '@lle/domain';

/** The issuer of development tokens; the API expects it outside production unless AUTH_ISSUER says otherwise. */
export const DEV_ISSUER = 'lle-brokerage-dev';

/** The algorithm of the development key (ECDSA on P-256). */
export const DEV_ALGORITHM = 'ES256';

/**
 * The public half of deploy/dev-keys, embedded so that production, whose image does not ship deploy/, can
 * still recognise the key and refuse it. A test checks it matches the committed files.
 */
export const DEV_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsI15tRtcc2Vn2s2q9WidtTp58K2W
5ABLi6Ju3RHeZ1IiN1G6ZIKbP6YqTcggmHsgvC8Nbk70eXDz16OcsgpJkQ==
-----END PUBLIC KEY-----
`;

const DEV_PUBLIC_KEY = createPublicKey(DEV_PUBLIC_KEY_PEM);
const DEV_SIGNING_KEY_FILE = join('deploy', 'dev-keys', 'dev-signing-key.pem');

export function devPublicKey(): KeyObject {
  return DEV_PUBLIC_KEY;
}

/** Whether a key is the development key (compared by key material, whatever its encoding). */
export function isDevPublicKey(key: unknown): boolean {
  const candidate = toKeyObject(key);
  return candidate.type === 'public' && candidate.equals(DEV_PUBLIC_KEY);
}

/** Web Crypto keys are converted; anything else is refused rather than guessed about. */
function toKeyObject(key: unknown): KeyObject {
  if (key instanceof KeyObject) return key;
  return KeyObject.from(key as Parameters<typeof KeyObject.from>[0]);
}

/**
 * The committed development private key, found by walking up from this file (it sits at the repository root
 * both for the sources and for dist/). Production images do not contain it.
 */
export function loadDevSigningKey(): KeyObject {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, DEV_SIGNING_KEY_FILE);
    if (existsSync(candidate)) return createPrivateKey(readFileSync(candidate, 'utf8'));
    if (dirname(dir) === dir) {
      throw new Error(`The development signing key ${DEV_SIGNING_KEY_FILE} was not found above ${__dirname}`);
    }
  }
}

export interface DevTokenClaims {
  readonly subject: string;
  readonly role: Role;
  readonly alliance?: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** When the token is issued; now by default. */
  readonly issuedAt?: Date;
}

/**
 * Signs a token with the development key, for the token CLI and for tests that go through HTTP. It does not
 * check the claims, so tests can also mint tokens the API must refuse.
 */
export async function signDevToken(
  claims: DevTokenClaims,
  signingKey: KeyObject = loadDevSigningKey(),
): Promise<string> {
  const issuedAt = Math.floor((claims.issuedAt ?? new Date()).getTime() / 1000);
  const payload =
    claims.alliance === undefined ? { role: claims.role } : { role: claims.role, alliance: claims.alliance };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: DEV_ALGORITHM, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(claims.audience)
    .setSubject(claims.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + claims.ttlSeconds)
    .sign(signingKey);
}
