export * from './access';
export * from './auth-config';
export * from './auth.errors';
export * from './dev-key';
export * from './nest/auth.decorators';
export * from './nest/auth.guard';
export * from './nest/auth.module';
export * from './token-verifier';
