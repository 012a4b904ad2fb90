// Run-time entry of @riposte/policy: the compiled sources (`npm run build`). Tests and type checks use src/ directly.
module.exports = require('../../dist/libs/policy/src/index.js');
