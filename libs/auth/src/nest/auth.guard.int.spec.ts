import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { Controller, Get, Global, Module, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { SETTINGS, validateEnvironment } from '@lle/config';
import type { Actor, Role } from '@lle/domain';
import { signDevToken } from '../dev-key';
import { AuthModule } from './auth.module';
import { CurrentActor, Public, ReadOnly, Roles } from './auth.decorators';

@Controller('t')
class TestController {
  @Public()
  @Get('open')
  open(): { open: true } {
    return { open: true };
  }

  @Get('me')
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }

  @Roles('admin')
  @Get('admin')
  admin(): { ok: true } {
    return { ok: true };
  }

  @Roles('admin', 'auditor')
  @Post('changes')
  change(): { changed: true } {
    return { changed: true };
  }

  @ReadOnly()
  @Roles('auditor')
  @Post('queries')
  query(): { read: true } {
    return { read: true };
  }
}

@Roles('finance')
@Controller('money')
class FinanceController {
  @Get()
  list(): { money: true } {
    return { money: true };
  }

  @Roles('auditor')
  @Get('audit')
  audit(): { audit: true } {
    return { audit: true };
  }
}

/** SETTINGS as SettingsModule provides it, pinned so the machine's environment cannot change the outcome. */
@Global()
@Module({
  providers: [{ provide: SETTINGS, useValue: validateEnvironment({ NODE_ENV: 'test' }) }],
  exports: [SETTINGS],
})
class TestSettingsModule {}

describe('AuthGuard over HTTP (Fastify)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TestSettingsModule, AuthModule],
      controllers: [TestController, FinanceController],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const token = (role: Role, extra: { alliance?: string; ttlSeconds?: number; issuedAt?: Date } = {}) =>
    signDevToken({ subject: `someone-${role}`, role, audience: 'lle-brokerage', ttlSeconds: 600, ...extra });

  async function call(method: 'GET' | 'POST', url: string, authorization?: string) {
    const response = await app.inject({
      method,
      url,
      headers: authorization === undefined ? {} : { authorization },
    });
    return {
      status: response.statusCode,
      body: response.json<Record<string, unknown>>(),
      challenge: response.headers['www-authenticate'],
    };
  }

  it('lets anyone reach a @Public() route', async () => {
    expect(await call('GET', '/t/open')).toMatchObject({ status: 200, body: { open: true } });
  });

  it('answers 401 with a Bearer challenge when no token is sent', async () => {
    const response = await call('GET', '/t/me');
    expect(response).toMatchObject({
      status: 401,
      body: { code: 'AUTH_TOKEN_MISSING' },
      challenge: 'Bearer realm="lle-brokerage"',
    });
    expect(response.body.message).toMatch(/No bearer token/);
  });

  it('answers 401 invalid_request for another scheme', async () => {
    const response = await call('GET', '/t/me', 'Basic dXNlcjpwYXNz');
    expect(response).toMatchObject({ status: 401, body: { code: 'AUTH_HEADER_MALFORMED' } });
    expect(response.challenge).toMatch(/^Bearer realm="lle-brokerage", error="invalid_request"/);
  });

  it('answers 401 invalid_token for a malformed, expired or foreign token, saying which', async () => {
    const foreignKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const cases: [string, string][] = [
      ['not.a.jwt', 'AUTH_TOKEN_MALFORMED'],
      [await token('admin', { issuedAt: new Date(Date.now() - 3_600_000) }), 'AUTH_TOKEN_EXPIRED'],
      [
        await signDevToken(
          { subject: 'x', role: 'admin', audience: 'lle-brokerage', ttlSeconds: 600 },
          foreignKey,
        ),
        'AUTH_TOKEN_BAD_SIGNATURE',
      ],
      [
        await signDevToken({ subject: 'x', role: 'admin', audience: 'another-api', ttlSeconds: 600 }),
        'AUTH_TOKEN_WRONG_AUDIENCE',
      ],
      [await token('broker'), 'AUTH_TOKEN_INVALID_CLAIMS'],
    ];
    for (const [bad, code] of cases) {
      const response = await call('GET', '/t/me', `Bearer ${bad}`);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 401, code });
      expect(response.challenge).toMatch(
        /^Bearer realm="lle-brokerage", error="invalid_token", error_description="/,
      );
    }
  });

  it('gives the route the verified actor', async () => {
    const response = await call('GET', '/t/me', `Bearer ${await token('broker', { alliance: 'CATTSA' })}`);
    expect(response).toMatchObject({ status: 200, challenge: undefined });
    expect(response.body).toStrictEqual({ subject: 'someone-broker', role: 'broker', alliance: 'CATTSA' });
  });

  it('answers 403 naming the allowed roles when the role does not fit, 200 when it does', async () => {
    const refused = await call('GET', '/t/admin', `Bearer ${await token('broker', { alliance: 'CATSA' })}`);
    expect(refused).toMatchObject({
      status: 403,
      body: { code: 'AUTH_ROLE_NOT_ALLOWED', message: 'Only admin may do this; the caller is broker' },
    });
    expect(await call('GET', '/t/admin', `Bearer ${await token('admin')}`)).toMatchObject({
      status: 200,
      body: { ok: true },
    });
  });

  it("applies a controller's @Roles, and lets a method's @Roles replace it", async () => {
    expect(await call('GET', '/money', `Bearer ${await token('finance')}`)).toMatchObject({ status: 200 });
    expect(await call('GET', '/money', `Bearer ${await token('auditor')}`)).toMatchObject({ status: 403 });
    expect(await call('GET', '/money/audit', `Bearer ${await token('auditor')}`)).toMatchObject({
      status: 200,
    });
    expect(await call('GET', '/money/audit', `Bearer ${await token('finance')}`)).toMatchObject({
      status: 403,
    });
  });

  it('keeps auditors to reading: no change even where @Roles lists them, unless the route is @ReadOnly()', async () => {
    const auditor = `Bearer ${await token('auditor')}`;
    expect(await call('POST', '/t/changes', auditor)).toMatchObject({
      status: 403,
      body: { code: 'AUTH_AUDITOR_READ_ONLY' },
    });
    expect(await call('POST', '/t/changes', `Bearer ${await token('admin')}`)).toMatchObject({ status: 201 });
    expect(await call('POST', '/t/queries', auditor)).toMatchObject({ status: 201, body: { read: true } });
  });
});
