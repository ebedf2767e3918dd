import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { InvalidEnvironmentError, type Settings } from '@lle/config';
import { DEV_ISSUER, devPublicKey, isDevPublicKey } from './dev-key';
import {
  algorithmsForKey,
  ASYMMETRIC_ALGORITHMS,
  TokenVerifier,
  type KeySource,
  type TokenVerifierOptions,
} from './token-verifier';

export type AuthSettings = Pick<
  Settings,
  'NODE_ENV' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'AUTH_ALGORITHMS' | 'AUTH_JWKS_URL' | 'AUTH_PUBLIC_KEY'
>;

/**
 * The verifier the settings describe. Outside production, with no key configured, tokens signed by the
 * committed development key (deploy/dev-keys) with issuer lle-brokerage-dev are accepted. Production needs
 * AUTH_ISSUER and one of AUTH_JWKS_URL or AUTH_PUBLIC_KEY, and refuses the development key and issuer.
 * Throws an InvalidEnvironmentError naming every variable that is wrong, so the process stops at start.
 */
export function createTokenVerifier(settings: AuthSettings): TokenVerifier {
  return new TokenVerifier(tokenVerifierOptions(settings));
}

export function tokenVerifierOptions(settings: AuthSettings): TokenVerifierOptions {
  const production = settings.NODE_ENV === 'production';
  const problems: string[] = [];

  const issuer = settings.AUTH_ISSUER ?? (production ? undefined : DEV_ISSUER);
  if (issuer === undefined) {
    problems.push('AUTH_ISSUER: required in production (the expected iss of bearer tokens)');
  } else if (production && issuer === DEV_ISSUER) {
    problems.push(`AUTH_ISSUER: the development issuer ${DEV_ISSUER} is never accepted in production`);
  }

  const algorithms = settings.AUTH_ALGORITHMS.split(',').map((alg) => alg.trim());
  const unsupported = algorithms.filter((alg) => !(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg));
  if (unsupported.length > 0) {
    problems.push(
      `AUTH_ALGORITHMS: ${unsupported.join(', ')} not accepted; use asymmetric algorithms among ` +
        ASYMMETRIC_ALGORITHMS.join(', '),
    );
  }

  const keys = keySource(settings, production, problems);
  if (keys?.kind === 'public-key' && unsupported.length === 0) {
    const usable = algorithmsForKey(keys.key);
    if (!algorithms.some((alg) => usable.includes(alg))) {
      const variable = settings.AUTH_PUBLIC_KEY === undefined ? 'the development key' : 'AUTH_PUBLIC_KEY';
      problems.push(
        `AUTH_ALGORITHMS: none of ${algorithms.join(', ')} can be verified with ${variable} ` +
          `(it verifies ${usable.join(', ') || 'nothing we accept'})`,
      );
    }
  }

  if (problems.length > 0 || issuer === undefined || keys === undefined) {
    throw new InvalidEnvironmentError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return { issuer, audience: settings.AUTH_AUDIENCE, algorithms, keys, refuseDevKey: production };
}

function keySource(settings: AuthSettings, production: boolean, problems: string[]): KeySource | undefined {
  const { AUTH_JWKS_URL: jwksUrl, AUTH_PUBLIC_KEY: publicKey } = settings;
  if (jwksUrl !== undefined && publicKey !== undefined) {
    problems.push('AUTH_JWKS_URL, AUTH_PUBLIC_KEY: set one of them, not both');
    return undefined;
  }
  if (jwksUrl !== undefined) {
    try {
      return { kind: 'jwks', url: new URL(jwksUrl) };
    } catch {
      problems.push(`AUTH_JWKS_URL: not a URL (got ${JSON.stringify(jwksUrl)})`);
      return undefined;
    }
  }
  if (publicKey !== undefined) {
    const key = readPublicKey(publicKey, problems);
    if (key && production && isDevPublicKey(key)) {
      problems.push(
        'AUTH_PUBLIC_KEY: is the development key (deploy/dev-keys), never accepted in production',
      );
      return undefined;
    }
    return key && { kind: 'public-key', key };
  }
  if (production) {
    problems.push(
      "AUTH_JWKS_URL or AUTH_PUBLIC_KEY: one is required in production (the issuer's signing keys)",
    );
    return undefined;
  }
  return { kind: 'public-key', key: devPublicKey() };
}

/** A PEM SPKI public key given inline (newlines may be written as \n), or the path of a file holding one. */
function readPublicKey(value: string, problems: string[]): KeyObject | undefined {
  let pem = value.replace(/\\n/g, '\n').trim();
  if (!pem.startsWith('-----BEGIN')) {
    try {
      pem = readFileSync(value, 'utf8').trim();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      problems.push(`AUTH_PUBLIC_KEY: neither a PEM public key nor a readable file (${why})`);
      return undefined;
    }
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    problems.push('AUTH_PUBLIC_KEY: holds a private key; give only the public key (PEM, SPKI)');
    return undefined;
  }
  if (!pem.startsWith('-----BEGIN PUBLIC KEY-----')) {
    problems.push("AUTH_PUBLIC_KEY: must be a PEM SPKI public key ('-----BEGIN PUBLIC KEY-----')");
    return undefined;
  }
  try {
    return createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    problems.push(`AUTH_PUBLIC_KEY: not a readable public key (${why})`);
    return undefined;
  }
}
