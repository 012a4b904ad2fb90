// Run-time entry of @riposte/responses: the compiled sources (`npm run build`). Tests and type checks use src/ directly.
module.exports = require('../../dist/libs/responses/src/index.js');
