export * from './unique-name';
export * from './wait-for';
export * from './fixtures';
export * from './builders';
export * from './infra';
export * from './topic-recorder';
export * from './service-process';
export * from './agent-home';
