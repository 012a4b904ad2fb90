module.exports = { displayName: 'store', preset: '../../jest.preset.js' };
