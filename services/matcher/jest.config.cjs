module.exports = { displayName: 'matcher', preset: '../../jest.preset.js' };
