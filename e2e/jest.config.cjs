// One file at a time: each suite starts several services as real processes, and two suites booting together on a
// 2-core machine starve each other's TypeScript start-up past their time budgets.
module.exports = { displayName: 'e2e', preset: '../jest.preset.js', testTimeout: 180000, maxWorkers: 1 };
