// Run-time entry of @riposte/contracts: the compiled sources (`npm run build`). Tests and type checks use src/ directly.
module.exports = require('../../dist/libs/contracts/src/index.js');
