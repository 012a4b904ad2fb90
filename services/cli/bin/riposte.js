#!/usr/bin/env node
// `npx riposte …`: runs the compiled CLI (npm run build compiles it to dist/).
const path = require('node:path');
const main = path.join(__dirname, '../../../dist/services/cli/src/main.js');
try {
  require.resolve(main);
} catch {
  process.stderr.write('riposte: not built yet; run `npm run build` in the repository first\n');
  process.exit(2);
}
require(main).main();
