// Test-only: lets a child process run the standalone entry from the TypeScript sources (no `npm run build`).
// Transpiles .ts files on require with the repository's own typescript and maps the @riposte/* paths.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const crypto = require('node:crypto');
const os = require('node:os');

const cacheDir = path.join(os.tmpdir(), 'riposte-ts-cache');
let ts = null; // loaded only on a cache miss

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const aliases = {};
for (const lib of fs.readdirSync(path.join(repo, 'libs'))) aliases[`@riposte/${lib}`] = path.join(repo, 'libs', lib, 'src', 'index.ts');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, aliases[request] ?? request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = path.join(cacheDir, `${crypto.createHash('sha1').update(filename).update(source).digest('hex')}.js`);
  let outputText = fs.existsSync(cached) ? fs.readFileSync(cached, 'utf8') : null;
  if (outputText === null) {
    ts ??= require('typescript');
    outputText = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true },
    }).outputText;
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(`${cached}.${process.pid}`, outputText);
    fs.renameSync(`${cached}.${process.pid}`, cached);
  }
  module._compile(outputText, filename);
};

module.exports = require('../standalone.ts');
