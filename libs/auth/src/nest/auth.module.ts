import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SETTINGS, type Settings } from '@lle/config';
import { createTokenVerifier } from '../auth-config';
import { TokenVerifier } from '../token-verifier';
import { AuthGuard } from './auth.guard';

/**
 * Authentication for every route: builds the TokenVerifier from SETTINGS (a bad auth setting stops the
 * process at start) and installs AuthGuard globally. Needs SettingsModule.forRoot() imported beside it.
 */
@Global()
@Module({
  providers: [
    {
      provide: TokenVerifier,
      inject: [SETTINGS],
      useFactory: (settings: Settings): TokenVerifier => createTokenVerifier(settings),
    },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [TokenVerifier],
})
export class AuthModule {}
