// Run-time entry of @riposte/store: the compiled sources (`npm run build`). Tests and type checks use src/ directly.
module.exports = require('../../dist/libs/store/src/index.js');
