// Lint: TypeScript rules plus Nx module boundaries, which keep the pure libraries pure.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const depConstraints = [
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'], bannedExternalImports: ['kafkajs', 'ioredis', '@nestjs/*', 'node:fs', 'fs', 'node:net', 'node:child_process', 'child_process'] },
  { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:contract'], bannedExternalImports: ['kafkajs', 'ioredis', '@nestjs/*', 'node:fs', 'fs', 'node:net', 'node:child_process', 'child_process'] },
  // Infra libs (bus, store, responses) stand side by side: none imports another, so bus and store never entangle.
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contract', 'type:pure'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contract', 'type:pure', 'type:infra'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:contract', 'type:pure', 'type:infra', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contract', 'type:pure', 'type:infra', 'type:testing'] },
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.kafka-local/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints,
          // libs/testing wraps the bus for tests, and the bus's own specs use that harness.
          ignoredCircularDependencies: [['testing', 'bus'], ['testing', 'store']],
        },
      ],
    },
  },
  {
    // Specs and command-line entry points may print and use loose test doubles.
    files: ['**/*.spec.ts', 'services/cli/src/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Specs of every project may use the test harness (house style §2: `testing` only from specs).
    files: ['**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', { allow: ['@riposte/testing'], depConstraints, ignoredCircularDependencies: [['testing', 'bus'], ['testing', 'store']] }] },
  },
];
