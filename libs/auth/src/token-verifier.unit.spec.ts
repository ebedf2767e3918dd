import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, SignJWT, type JWTPayload } from 'jose';
import { InvalidEnvironmentError, validateEnvironment } from '@lle/config';
import { createTokenVerifier, tokenVerifierOptions, type AuthSettings } from './auth-config';
import { SigningKeysUnavailableError, TokenRejectedError, type TokenRejectionCode } from './auth.errors';
import { DEV_ISSUER, DEV_PUBLIC_KEY_PEM, loadDevSigningKey, signDevToken } from './dev-key';
import { bearerToken, TokenVerifier } from './token-verifier';

const REPO = join(__dirname, '..', '..', '..');
const DEV_PUBLIC_KEY_FILE = join(REPO, 'deploy', 'dev-keys', 'dev-public-key.pem');
const AUDIENCE = 'lle-brokerage';
const devKey = loadDevSigningKey();
const otherKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const now = () => Math.floor(Date.now() / 1000);

function settings(raw: Record<string, string> = {}): AuthSettings {
  return validateEnvironment({ NODE_ENV: 'test', ...raw });
}

function productionSettings(raw: Record<string, string>): AuthSettings {
  // validateEnvironment already insists on AUTH_ISSUER in production; these tests reach past it.
  return { NODE_ENV: 'production', AUTH_AUDIENCE: AUDIENCE, AUTH_ALGORITHMS: 'ES256,RS256,EdDSA', ...raw };
}

interface SignOptions {
  key?: KeyObject | Uint8Array;
  alg?: string;
  kid?: string;
}

/** A token with the given claims exactly (nothing added), signed as told; the dev key by default. */
async function sign(
  claims: JWTPayload,
  { key = devKey, alg = 'ES256', kid }: SignOptions = {},
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) }).sign(key);
}

function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: DEV_ISSUER,
    aud: AUDIENCE,
    sub: 'alice',
    role: 'broker',
    alliance: 'CATSA',
    iat: now(),
    exp: now() + 3600,
    ...overrides,
  };
}

async function refusal(verifier: TokenVerifier, token: string): Promise<TokenRejectedError> {
  const error: unknown = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TokenRejectedError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

async function expectRefused(
  verifier: TokenVerifier,
  token: string,
  code: TokenRejectionCode,
  message: RegExp,
): Promise<void> {
  const error = await refusal(verifier, token);
  expect({ code: error.code, message: error.message }).toMatchObject({ code });
  expect(error.message).toMatch(message);
}

function headerRefusal(header: string | undefined): TokenRejectedError {
  try {
    bearerToken(header);
  } catch (error) {
    if (error instanceof TokenRejectedError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(header)} to be refused`);
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.message;
    throw error;
  }
  throw new Error('expected an InvalidEnvironmentError');
}

describe('TokenVerifier with the development key (test and development, no key configured)', () => {
  const verifier = createTokenVerifier(settings());

  it('accepts a broker token and returns the actor', async () => {
    await expect(verifier.verify(await sign(claims()))).resolves.toStrictEqual({
      subject: 'alice',
      role: 'broker',
      alliance: 'CATSA',
    });
  });

  it('accepts other roles without an alliance, and keeps a valid alliance when given', async () => {
    await expect(
      verifier.verify(await sign(claims({ role: 'auditor', alliance: undefined }))),
    ).resolves.toStrictEqual({ subject: 'alice', role: 'auditor' });
    await expect(
      verifier.verify(await sign(claims({ role: 'finance', alliance: 'CASSA' }))),
    ).resolves.toStrictEqual({ subject: 'alice', role: 'finance', alliance: 'CASSA' });
  });

  it('accepts tokens made by signDevToken', async () => {
    const token = await signDevToken({ subject: 'bob', role: 'admin', audience: AUDIENCE, ttlSeconds: 60 });
    await expect(verifier.verify(token)).resolves.toStrictEqual({ subject: 'bob', role: 'admin' });
  });

  it('is the development issuer by default, and accepts the dev key in development too', async () => {
    const development = createTokenVerifier(settings({ NODE_ENV: 'development' }));
    await expect(development.verify(await sign(claims()))).resolves.toMatchObject({ subject: 'alice' });
  });

  it('remembers a verified token only until it expires', async () => {
    let clock = Date.now();
    const remembering = new TokenVerifier({
      ...tokenVerifierOptions(settings()),
      now: () => new Date(clock),
    });
    const token = await sign(claims({ exp: now() + 60 }));
    await expect(remembering.verify(token)).resolves.toMatchObject({ subject: 'alice' });
    await expect(remembering.verify(token)).resolves.toMatchObject({ subject: 'alice' });
    clock += 120_000; // past its expiry and the 30 s of clock tolerance
    await expectRefused(remembering, token, 'AUTH_TOKEN_EXPIRED', /expired/);
  });

  it('refuses an expired token', async () => {
    await expectRefused(
      verifier,
      await sign(claims({ iat: now() - 7200, exp: now() - 3600 })),
      'AUTH_TOKEN_EXPIRED',
      /expired at \d{4}-/,
    );
  });

  it('refuses a token that is not valid yet', async () => {
    await expectRefused(
      verifier,
      await sign(claims({ nbf: now() + 3600 })),
      'AUTH_TOKEN_NOT_YET_VALID',
      /not valid yet/,
    );
  });

  it('refuses a token without an expiry', async () => {
    await expectRefused(
      verifier,
      await sign(claims({ exp: undefined })),
      'AUTH_TOKEN_INVALID_CLAIMS',
      /no expiry \(exp\)/,
    );
  });

  it('refuses a token from another issuer, or from none', async () => {
    await expectRefused(
      verifier,
      await sign(claims({ iss: 'https://elsewhere.example' })),
      'AUTH_TOKEN_WRONG_ISSUER',
      /"https:\/\/elsewhere\.example" is not the expected "lle-brokerage-dev"/,
    );
    await expectRefused(
      verifier,
      await sign(claims({ iss: undefined })),
      'AUTH_TOKEN_WRONG_ISSUER',
      /no issuer/,
    );
  });

  it('refuses a token for another audience', async () => {
    await expectRefused(
      verifier,
      await sign(claims({ aud: 'another-api' })),
      'AUTH_TOKEN_WRONG_AUDIENCE',
      /"another-api" does not include "lle-brokerage"/,
    );
  });

  it('refuses an algorithm that is not allowed: HS256 signed with a shared secret', async () => {
    const secret = new TextEncoder().encode('a shared secret that anyone with the config could know');
    await expectRefused(
      verifier,
      await sign(claims(), { key: secret, alg: 'HS256' }),
      'AUTH_TOKEN_ALGORITHM_NOT_ALLOWED',
      /"HS256" is not allowed \(allowed: ES256\)/,
    );
  });

  it('refuses RS256 although configured, because the dev key is an EC P-256 key', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectRefused(
      verifier,
      await sign(claims(), { key: rsa.privateKey, alg: 'RS256' }),
      'AUTH_TOKEN_ALGORITHM_NOT_ALLOWED',
      /"RS256"/,
    );
  });

  it('refuses an unsigned token (alg none)', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims())}.`;
    await expectRefused(verifier, unsigned, 'AUTH_TOKEN_ALGORITHM_NOT_ALLOWED', /"none" is not allowed/);
  });

  it('refuses a token signed by another key', async () => {
    await expectRefused(
      verifier,
      await sign(claims(), { key: otherKeys.privateKey }),
      'AUTH_TOKEN_BAD_SIGNATURE',
      /signature does not verify/,
    );
  });

  it('refuses a token whose claims were changed after signing', async () => {
    const [header, , signature] = (await sign(claims())).split('.');
    const forged = Buffer.from(JSON.stringify(claims({ role: 'admin' }))).toString('base64url');
    await expectRefused(
      verifier,
      `${header}.${forged}.${signature}`,
      'AUTH_TOKEN_BAD_SIGNATURE',
      /signature/,
    );
  });

  it('refuses something that is not a JWT', async () => {
    await expectRefused(verifier, 'not-a-jwt', 'AUTH_TOKEN_MALFORMED', /not a well-formed/);
  });

  it('refuses a token without a subject', async () => {
    await expectRefused(
      verifier,
      await sign(claims({ sub: undefined })),
      'AUTH_TOKEN_INVALID_CLAIMS',
      /no subject/,
    );
    await expectRefused(
      verifier,
      await sign(claims({ sub: ' ' })),
      'AUTH_TOKEN_INVALID_CLAIMS',
      /no subject/,
    );
  });

  it('refuses an unknown role, or none', async () => {
    await expectRefused(
      verifier,
      await sign(claims({ role: 'superuser' })),
      'AUTH_TOKEN_INVALID_CLAIMS',
      /role "superuser" is not one of admin, broker/,
    );
    await expectRefused(
      verifier,
      await sign(claims({ role: undefined })),
      'AUTH_TOKEN_INVALID_CLAIMS',
      /no role/,
    );
  });

  it('refuses a broker without an alliance', async () => {
    await expectRefused(
      verifier,
      await sign(claims({ alliance: undefined })),
      'AUTH_TOKEN_INVALID_CLAIMS',
      /broker's bearer token must name their alliance/,
    );
  });

  it('refuses an unknown alliance, for brokers and for every other role', async () => {
    await expectRefused(
      verifier,
      await sign(claims({ alliance: 'ATLANTIS' })),
      'AUTH_TOKEN_INVALID_CLAIMS',
      /alliance "ATLANTIS" is not one of CATSA/,
    );
    await expectRefused(
      verifier,
      await sign(claims({ role: 'admin', alliance: 'catsa' })),
      'AUTH_TOKEN_INVALID_CLAIMS',
      /alliance "catsa"/,
    );
  });
});

describe('bearerToken and authenticate', () => {
  const verifier = createTokenVerifier(settings());

  it('says the header is missing', () => {
    for (const header of [undefined, '', '  ']) {
      const error = headerRefusal(header);
      expect(error.code).toBe('AUTH_TOKEN_MISSING');
      expect(error.message).toMatch(/No bearer token/);
    }
  });

  it('says the header is malformed when it is not "Bearer <token>"', () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'Token abc']) {
      expect(headerRefusal(header).code).toBe('AUTH_HEADER_MALFORMED');
    }
  });

  it('accepts the scheme in any case', async () => {
    const token = await sign(claims());
    expect(bearerToken(`bearer ${token}`)).toBe(token);
    await expect(verifier.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ role: 'broker' });
  });
});

describe('the committed development key', () => {
  it('is the key embedded in the code, and pairs with the committed signing key', async () => {
    expect(DEV_PUBLIC_KEY_PEM).toBe(readFileSync(DEV_PUBLIC_KEY_FILE, 'utf8'));
    expect(createPublicKey(devKey).equals(createPublicKey(DEV_PUBLIC_KEY_PEM))).toBe(true);
  });
});

describe('TokenVerifier with a configured PEM public key', () => {
  const issuer = 'https://idp.example/realms/lle';
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lle-auth-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a token signed by that key, given inline', async () => {
    const verifier = createTokenVerifier(settings({ AUTH_ISSUER: issuer, AUTH_PUBLIC_KEY: pem }));
    const token = await sign(claims({ iss: issuer, role: 'panel', alliance: undefined }), {
      key: rsa.privateKey,
      alg: 'RS256',
    });
    await expect(verifier.verify(token)).resolves.toStrictEqual({ subject: 'alice', role: 'panel' });
  });

  it('accepts the PEM with escaped newlines, as .env files often hold it', async () => {
    const verifier = createTokenVerifier(
      settings({
        AUTH_ISSUER: issuer,
        AUTH_PUBLIC_KEY: pem.trim().replace(/\n/g, '\\n'),
        AUTH_ALGORITHMS: 'ES256,PS256',
      }),
    );
    const token = await sign(claims({ iss: issuer }), { key: rsa.privateKey, alg: 'PS256' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'alice' });
  });

  it('accepts a token signed by that key, given as a file path', async () => {
    const file = join(dir, 'public.pem');
    writeFileSync(file, pem);
    const verifier = createTokenVerifier(settings({ AUTH_ISSUER: issuer, AUTH_PUBLIC_KEY: file }));
    const token = await sign(claims({ iss: issuer }), { key: rsa.privateKey, alg: 'RS256' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ role: 'broker', alliance: 'CATSA' });
  });

  it('then refuses the development key, even with the right issuer', async () => {
    const verifier = createTokenVerifier(settings({ AUTH_PUBLIC_KEY: pem }));
    await expectRefused(verifier, await sign(claims()), 'AUTH_TOKEN_ALGORITHM_NOT_ALLOWED', /ES256/);
    const ecPem = otherKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const ecVerifier = createTokenVerifier(settings({ AUTH_PUBLIC_KEY: ecPem }));
    await expectRefused(ecVerifier, await sign(claims()), 'AUTH_TOKEN_BAD_SIGNATURE', /signature/);
  });

  it('refuses a missing file, a private key and garbage at start, naming AUTH_PUBLIC_KEY', () => {
    expect(
      configError(() => createTokenVerifier(settings({ AUTH_PUBLIC_KEY: join(dir, 'nope.pem') }))),
    ).toMatch(/AUTH_PUBLIC_KEY: neither a PEM public key nor a readable file/);
    const privatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(configError(() => createTokenVerifier(settings({ AUTH_PUBLIC_KEY: privatePem })))).toMatch(
      /AUTH_PUBLIC_KEY: holds a private key/,
    );
    const garbage = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----';
    expect(configError(() => createTokenVerifier(settings({ AUTH_PUBLIC_KEY: garbage })))).toMatch(
      /AUTH_PUBLIC_KEY: not a readable public key/,
    );
  });

  it('refuses at start algorithms the key cannot verify, and symmetric or unknown ones', () => {
    expect(
      configError(() =>
        createTokenVerifier(settings({ AUTH_PUBLIC_KEY: pem, AUTH_ALGORITHMS: 'ES256,EdDSA' })),
      ),
    ).toMatch(/AUTH_ALGORITHMS: none of ES256, EdDSA can be verified with AUTH_PUBLIC_KEY/);
    expect(configError(() => createTokenVerifier(settings({ AUTH_ALGORITHMS: 'ES256,HS256' })))).toMatch(
      /AUTH_ALGORITHMS: HS256 not accepted/,
    );
    expect(configError(() => createTokenVerifier(settings({ AUTH_ALGORITHMS: 'none' })))).toMatch(
      /AUTH_ALGORITHMS: none not accepted/,
    );
    expect(configError(() => createTokenVerifier(settings({ AUTH_ALGORITHMS: 'RS256' })))).toMatch(
      /AUTH_ALGORITHMS: none of RS256 can be verified with the development key/,
    );
  });

  it('refuses both AUTH_JWKS_URL and AUTH_PUBLIC_KEY at once', () => {
    expect(
      configError(() =>
        createTokenVerifier(settings({ AUTH_PUBLIC_KEY: pem, AUTH_JWKS_URL: 'https://idp.example/jwks' })),
      ),
    ).toMatch(/AUTH_JWKS_URL, AUTH_PUBLIC_KEY: set one of them, not both/);
  });
});

/** A JWKS endpoint on 127.0.0.1 that serves whatever `keys` holds and counts its requests. */
class JwksServer {
  keys: object[] = [];
  requests = 0;
  private readonly server: Server = createServer((_request, response) => {
    this.requests += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: this.keys }));
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('TokenVerifier with a JWKS served over HTTP', () => {
  const issuer = 'https://idp.example';
  const ed = generateKeyPairSync('ed25519');
  const server = new JwksServer();
  let url: string;

  beforeAll(async () => {
    url = await server.start();
    server.keys = [
      { ...(await exportJWK(ed.publicKey)), kid: 'ed-1', alg: 'EdDSA', use: 'sig' },
      { ...(await exportJWK(otherKeys.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
  });
  afterAll(() => server.stop());

  it('accepts tokens signed by any key of the set, chosen by kid', async () => {
    const verifier = createTokenVerifier(settings({ AUTH_ISSUER: issuer, AUTH_JWKS_URL: url }));
    const edToken = await sign(claims({ iss: issuer, role: 'lle', alliance: undefined }), {
      key: ed.privateKey,
      alg: 'EdDSA',
      kid: 'ed-1',
    });
    await expect(verifier.verify(edToken)).resolves.toStrictEqual({ subject: 'alice', role: 'lle' });
    const ecToken = await sign(claims({ iss: issuer }), { key: otherKeys.privateKey, kid: 'ec-1' });
    await expect(verifier.verify(ecToken)).resolves.toMatchObject({ role: 'broker' });
    expect(server.requests).toBeGreaterThan(0);
  });

  it('refuses a kid the set does not hold, and a signature by a key it does not hold', async () => {
    const verifier = createTokenVerifier(settings({ AUTH_ISSUER: issuer, AUTH_JWKS_URL: url }));
    await expectRefused(
      verifier,
      await sign(claims({ iss: issuer }), { key: otherKeys.privateKey, kid: 'retired' }),
      'AUTH_TOKEN_UNKNOWN_KEY',
      /key id/,
    );
    await expectRefused(
      verifier,
      await sign(claims({ iss: issuer }), { key: devKey, kid: 'ec-1' }),
      'AUTH_TOKEN_BAD_SIGNATURE',
      /signature/,
    );
  });

  it('reports unreachable keys as unavailable, not as a bad token', async () => {
    const down = new JwksServer();
    const downUrl = await down.start();
    await down.stop();
    const verifier = createTokenVerifier(settings({ AUTH_ISSUER: issuer, AUTH_JWKS_URL: downUrl }));
    const token = await sign(claims({ iss: issuer }), { key: otherKeys.privateKey, kid: 'ec-1' });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(SigningKeysUnavailableError);
  });
});

describe('production', () => {
  const issuer = 'https://idp.example';
  const pem = otherKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('requires AUTH_ISSUER', () => {
    expect(configError(() => createTokenVerifier(productionSettings({ AUTH_PUBLIC_KEY: pem })))).toMatch(
      /AUTH_ISSUER: required in production/,
    );
    expect(() =>
      validateEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db/lle',
        REDIS_URL: 'redis://redis',
        AUTH_PUBLIC_KEY: pem,
      }),
    ).toThrow(/AUTH_ISSUER/);
  });

  it('requires a key: AUTH_JWKS_URL or AUTH_PUBLIC_KEY', () => {
    expect(configError(() => createTokenVerifier(productionSettings({ AUTH_ISSUER: issuer })))).toMatch(
      /AUTH_JWKS_URL or AUTH_PUBLIC_KEY: one is required in production/,
    );
  });

  it('refuses the development issuer', () => {
    expect(
      configError(() =>
        createTokenVerifier(productionSettings({ AUTH_ISSUER: DEV_ISSUER, AUTH_PUBLIC_KEY: pem })),
      ),
    ).toMatch(/AUTH_ISSUER: the development issuer lle-brokerage-dev is never accepted in production/);
  });

  it('refuses to start with the development public key, inline or as the committed file', () => {
    for (const key of [DEV_PUBLIC_KEY_PEM, DEV_PUBLIC_KEY_FILE]) {
      expect(
        configError(() =>
          createTokenVerifier(productionSettings({ AUTH_ISSUER: issuer, AUTH_PUBLIC_KEY: key })),
        ),
      ).toMatch(/AUTH_PUBLIC_KEY: is the development key/);
    }
  });

  it('accepts tokens signed by the configured key', async () => {
    const verifier = createTokenVerifier(productionSettings({ AUTH_ISSUER: issuer, AUTH_PUBLIC_KEY: pem }));
    const token = await sign(claims({ iss: issuer }), { key: otherKeys.privateKey });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'alice' });
  });

  it('refuses a token signed by the development key even when the JWKS serves it', async () => {
    const server = new JwksServer();
    const url = await server.start();
    try {
      server.keys = [{ ...(await exportJWK(createPublicKey(DEV_PUBLIC_KEY_PEM))), kid: 'dev', alg: 'ES256' }];
      const verifier = createTokenVerifier(productionSettings({ AUTH_ISSUER: issuer, AUTH_JWKS_URL: url }));
      await expectRefused(
        verifier,
        await sign(claims({ iss: issuer }), { key: devKey, kid: 'dev' }),
        'AUTH_TOKEN_DEV_KEY_REFUSED',
        /development key/,
      );
      // The same set outside production: the refusal above is production's doing, not a broken key set.
      const test = createTokenVerifier(settings({ AUTH_ISSUER: issuer, AUTH_JWKS_URL: url }));
      await expect(
        test.verify(await sign(claims({ iss: issuer }), { key: devKey, kid: 'dev' })),
      ).resolves.toMatchObject({ subject: 'alice' });
    } finally {
      await server.stop();
    }
  });
});
