// Run-time entry of @riposte/testing: the compiled sources (`npm run build`). Tests and type checks use src/ directly.
module.exports = require('../../dist/libs/testing/src/index.js');
