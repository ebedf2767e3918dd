import { parseArgs } from 'node:util';
import { runOrExit, type Settings } from '@lle/config';
import { DEV_ISSUER, isRole, signDevToken } from '@lle/auth';
import { ALLIANCE_CODES, isAllianceCode, ROLES } from '@lle/domain';
import { loadSettings } from './load-settings';

const USAGE =
  'Usage: npm run -s token -- --role <role> [--alliance <code>] [--sub <subject>] [--ttl <n>s|m|h|d]\n' +
  `  roles: ${ROLES.join(', ')}; alliances: ${ALLIANCE_CODES.join(', ')} (required for brokers)`;

export interface TokenRequest {
  readonly role: string;
  readonly alliance?: string;
  readonly subject?: string;
  /** How long the token lives, such as 30m, 8h or 2d; 8h by default. */
  readonly ttl?: string;
}

/** A request the tool refuses: printed as is on stderr, exit status 1. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
}

export function parseTokenArgs(argv: readonly string[]): TokenRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        role: { type: 'string' },
        alliance: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TokenRequestError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (values.role === undefined) throw new TokenRequestError(`--role is required\n${USAGE}`);
  return {
    role: values.role,
    ...(values.alliance === undefined ? {} : { alliance: values.alliance }),
    ...(values.sub === undefined ? {} : { subject: values.sub }),
    ...(values.ttl === undefined ? {} : { ttl: values.ttl }),
  };
}

/**
 * Signs a development token: the dev key, issuer lle-brokerage-dev, the configured audience. Refuses in
 * production, where the API never accepts the dev key anyway.
 */
export async function createToken(
  request: TokenRequest,
  settings: Pick<Settings, 'NODE_ENV' | 'AUTH_AUDIENCE'>,
  issuedAt: Date = new Date(),
): Promise<string> {
  if (settings.NODE_ENV === 'production') {
    throw new TokenRequestError('Refusing to sign a development token with NODE_ENV=production');
  }
  const { role, alliance } = request;
  if (!isRole(role)) {
    throw new TokenRequestError(`Unknown role ${JSON.stringify(role)}: use one of ${ROLES.join(', ')}`);
  }
  if (alliance !== undefined && !isAllianceCode(alliance)) {
    throw new TokenRequestError(
      `Unknown alliance ${JSON.stringify(alliance)}: use one of ${ALLIANCE_CODES.join(', ')}`,
    );
  }
  if (role === 'broker' && alliance === undefined) {
    throw new TokenRequestError(
      `A broker acts for one alliance: give --alliance ${ALLIANCE_CODES.join('|')}`,
    );
  }
  return signDevToken({
    subject: request.subject ?? (alliance === undefined ? `dev-${role}` : `dev-${role}-${alliance}`),
    role,
    ...(alliance === undefined ? {} : { alliance }),
    audience: settings.AUTH_AUDIENCE,
    ttlSeconds: ttlSeconds(request.ttl ?? '8h'),
    issuedAt,
  });
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

function ttlSeconds(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : 0;
  if (seconds <= 0) {
    throw new TokenRequestError(
      `--ttl must be a positive duration such as 30m, 8h or 2d (got ${JSON.stringify(ttl)})`,
    );
  }
  return seconds;
}

export interface Output {
  write(text: string): unknown;
}

/** `npm run -s token -- --role broker --alliance CATSA`: prints only the token on stdout; returns the exit status. */
export async function main(
  argv: readonly string[],
  stdout: Output,
  stderr: Output,
  settings: () => Pick<
    Settings,
    'NODE_ENV' | 'AUTH_AUDIENCE' | 'AUTH_ISSUER' | 'AUTH_JWKS_URL' | 'AUTH_PUBLIC_KEY'
  >,
): Promise<number> {
  try {
    const request = parseTokenArgs(argv);
    const current = settings();
    const token = await createToken(request, current);
    if (
      current.AUTH_JWKS_URL !== undefined ||
      current.AUTH_PUBLIC_KEY !== undefined ||
      (current.AUTH_ISSUER !== undefined && current.AUTH_ISSUER !== DEV_ISSUER)
    ) {
      stderr.write(
        'Note: the API is configured for another issuer or key here and will refuse this token.\n',
      );
    }
    stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof TokenRequestError)) throw error;
    stderr.write(`${error.message}\n`);
    return 1;
  }
}

if (require.main === module) {
  runOrExit(async () => {
    // Checked before .env is read as well as after: a production environment never signs with the dev key.
    if (process.env.NODE_ENV === 'production') {
      process.stderr.write('Refusing to sign a development token with NODE_ENV=production\n');
      process.exitCode = 1;
      return;
    }
    process.exitCode = await main(process.argv.slice(2), process.stdout, process.stderr, loadSettings);
  });
}
