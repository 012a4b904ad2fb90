export * from './tokens';
export * from './agent-scope';
export * from './roles.decorator';
export * from './token.guard';
export * from './load-tokens';
