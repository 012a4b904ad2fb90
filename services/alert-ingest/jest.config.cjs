module.exports = { displayName: 'alert-ingest', preset: '../../jest.preset.js' };
