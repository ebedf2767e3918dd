import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createTokenVerifier, DEV_ISSUER } from '@lle/auth';
import { validateEnvironment } from '@lle/config';
import { createToken, main, parseTokenArgs, TokenRequestError } from './token';

const settings = validateEnvironment({ NODE_ENV: 'test' });
const verifier = createTokenVerifier(settings);

/** Collects what the tool writes. */
function capture() {
  let text = '';
  return { write: (chunk: string) => (text += chunk), text: () => text };
}

describe('token CLI', () => {
  it('prints only a token that the API verifier accepts, as the actor asked for', async () => {
    const stdout = capture();
    const stderr = capture();
    const status = await main(
      ['--role', 'broker', '--alliance', 'CATSA', '--sub', 'alice', '--ttl', '2h'],
      stdout,
      stderr,
      () => settings,
    );
    expect({ status, stderr: stderr.text() }).toEqual({ status: 0, stderr: '' });
    expect(stdout.text()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const token = stdout.text().trim();
    await expect(verifier.verify(token)).resolves.toStrictEqual({
      subject: 'alice',
      role: 'broker',
      alliance: 'CATSA',
    });
    const claims = decodeJwt(token);
    expect(decodeProtectedHeader(token).alg).toBe('ES256');
    expect({ iss: claims.iss, aud: claims.aud, lifetime: claims.exp! - claims.iat! }).toEqual({
      iss: DEV_ISSUER,
      aud: 'lle-brokerage',
      lifetime: 7200,
    });
  });

  it('names a default subject and lives 8 hours by default', async () => {
    const token = await createToken({ role: 'finance' }, settings);
    await expect(verifier.verify(token)).resolves.toStrictEqual({ subject: 'dev-finance', role: 'finance' });
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(8 * 3600);
  });

  it('signs for the configured audience', async () => {
    const other = validateEnvironment({ NODE_ENV: 'test', AUTH_AUDIENCE: 'elsewhere' });
    const token = await createToken({ role: 'admin' }, other);
    expect(decodeJwt(token).aud).toBe('elsewhere');
    await expect(createTokenVerifier(other).verify(token)).resolves.toMatchObject({ role: 'admin' });
  });

  it.each([
    [['--role', 'superuser'], /Unknown role "superuser": use one of admin, broker/],
    [['--role', 'broker'], /A broker acts for one alliance: give --alliance CATSA\|/],
    [['--role', 'broker', '--alliance', 'ATLANTIS'], /Unknown alliance "ATLANTIS"/],
    [['--role', 'admin', '--ttl', 'forever'], /--ttl must be a positive duration/],
    [['--role', 'admin', '--ttl', '0h'], /--ttl must be a positive duration/],
    [['--alliance', 'CATSA'], /--role is required/],
    [['--role', 'admin', '--colour', 'blue'], /Unknown option '--colour'/],
  ])('refuses %j on stderr with status 1, printing no token', async (argv, message) => {
    const stdout = capture();
    const stderr = capture();
    const status = await main(argv, stdout, stderr, () => settings);
    expect({ status, stdout: stdout.text() }).toEqual({ status: 1, stdout: '' });
    expect(stderr.text()).toMatch(message);
  });

  it('refuses to run in production', async () => {
    const production = { ...settings, NODE_ENV: 'production' as const };
    await expect(createToken({ role: 'admin' }, production)).rejects.toThrow(TokenRequestError);
    const stdout = capture();
    const stderr = capture();
    expect(await main(['--role', 'admin'], stdout, stderr, () => production)).toBe(1);
    expect({ stdout: stdout.text(), stderr: stderr.text() }).toEqual({
      stdout: '',
      stderr: 'Refusing to sign a development token with NODE_ENV=production\n',
    });
  });

  it('warns when the local settings make the API expect another issuer', async () => {
    const stderr = capture();
    const status = await main(['--role', 'admin'], capture(), stderr, () => ({
      ...settings,
      AUTH_ISSUER: 'https://idp.example',
    }));
    expect(status).toBe(0);
    expect(stderr.text()).toMatch(/will refuse this token/);
  });

  it('parses the options it documents', () => {
    expect(parseTokenArgs(['--role', 'lle', '--sub', 'x', '--ttl', '30m', '--alliance', 'CASSA'])).toEqual({
      role: 'lle',
      subject: 'x',
      ttl: '30m',
      alliance: 'CASSA',
    });
  });
});
