export * from './billing-queue';
export * from './day-charge-billing';
