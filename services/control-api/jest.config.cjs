module.exports = { displayName: 'control-api', preset: '../../jest.preset.js' };
