// `npm run test:chaos`: the chaos suite of issue 11 alone (its own private broker, several minutes).
module.exports = { displayName: 'e2e-chaos', preset: '../jest.preset.js', testTimeout: 600000, maxWorkers: 1, rootDir: __dirname, testMatch: ['<rootDir>/src/chaos.e2e.spec.ts'] };
