export * from './create-redis';
export * from './store-keys';
export * from './store-errors';
export * from './stored-timer';
export * from './schedule-decisions';
export * from './agent-activity';
export * from './timer.store';
export * from './agent-registry.store';
export { defineStoreScripts } from './run-script';
