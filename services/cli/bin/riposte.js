#!/usr/bin/env node
// `npx riposte …`: runs the compiled CLI (npm run build compiles it to dist/).
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const dist = path.join(__dirname, '../../../dist');
const main = path.join(dist, 'services/cli/src/main.js');
try {
  require.resolve(main);
} catch {
  process.stderr.write('riposte: not built yet; run `npm run build` in the repository first\n');
  process.exit(2);
}

// The workspace links (node_modules/@riposte/<lib> → libs/<lib>) make Node resolve each lib's "main"
// (../../dist/…) from node_modules/, where it does not exist: map @riposte/<lib> to its build output directly.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@riposte\/([a-z-]+)$/.exec(request);
  const built = m && path.join(dist, 'libs', m[1], 'src', 'index.js');
  return resolve.call(this, built && fs.existsSync(built) ? built : request, parent, ...rest);
};

require(main).main();
