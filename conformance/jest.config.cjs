// Golden tests against the real Wazuh files (`npm run test:conformance`); `npm test` leaves this project out.
module.exports = { displayName: 'conformance', preset: '../jest.preset.js' };
