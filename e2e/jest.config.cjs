// One file at a time: each suite starts several services as real processes, and two suites booting together on a
// 2-core machine starve each other's TypeScript start-up past their time budgets. The chaos suite runs on its own
// (`npm run test:chaos`, e2e/jest.chaos.config.cjs): see its file for why it is not in `npm test` yet.
module.exports = { displayName: 'e2e', preset: '../jest.preset.js', testTimeout: 180000, maxWorkers: 1, testPathIgnorePatterns: ['/node_modules/', 'chaos\\.e2e\\.spec\\.ts$'] };
