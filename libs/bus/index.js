// Run-time entry of @riposte/bus: the compiled sources (`npm run build`). Tests and type checks use src/ directly.
module.exports = require('../../dist/libs/bus/src/index.js');
