module.exports = { displayName: 'responses', preset: '../../jest.preset.js' };
