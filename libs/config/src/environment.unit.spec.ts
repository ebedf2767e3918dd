import { InvalidEnvironmentError, LOCAL_DATABASE_URL, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('fills the local services in outside production', () => {
    const settings = validateEnvironment({});
    expect(settings).toMatchObject({
      NODE_ENV: 'development',
      DATABASE_URL: LOCAL_DATABASE_URL,
      EVENT_STORE: 'postgres',
      PORT: 3000,
    });
  });

  it('reads numbers from strings', () => {
    expect(validateEnvironment({ PORT: '8080' }).PORT).toBe(8080);
  });

  it('sizes the event store pool above the billing concurrency unless told otherwise, within bounds', () => {
    const defaults = validateEnvironment({});
    expect(defaults.EVENT_STORE_POOL_SIZE).toBeGreaterThan(defaults.BILLING_CONCURRENCY);
    expect(validateEnvironment({ EVENT_STORE_POOL_SIZE: '40' }).EVENT_STORE_POOL_SIZE).toBe(40);
    expect(() => validateEnvironment({ EVENT_STORE_POOL_SIZE: '0' })).toThrow(
      /EVENT_STORE_POOL_SIZE must be between 1 and 200/,
    );
  });

  it('stops on a malformed variable, naming it and what it got', () => {
    expect(() => validateEnvironment({ PORT: 'eighty' })).toThrow(/PORT: .*must be a whole number.*"eighty"/);
    expect(() => validateEnvironment({ DATABASE_URL: 'mysql://x/y' })).toThrow(
      /DATABASE_URL must be a postgres/,
    );
    expect(() => validateEnvironment({ EVENT_STORE: 'kafka' })).toThrow(
      /EVENT_STORE must be postgres or esdb/,
    );
  });

  it('names every missing variable production needs', () => {
    let error: unknown;
    try {
      validateEnvironment({ NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    expect((error as Error).message).toMatch(/DATABASE_URL: .*\(missing\)/);
    expect((error as Error).message).toMatch(/REDIS_URL: .*\(missing\)/);
  });

  it('needs a connection string when the event store is EventStoreDB', () => {
    expect(() => validateEnvironment({ EVENT_STORE: 'esdb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
    expect(
      validateEnvironment({
        EVENT_STORE: 'esdb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      }).EVENT_STORE,
    ).toBe('esdb');
  });
});
