// `node -r ./tools/ts-register.js file.ts`: runs TypeScript sources without a build, for child processes that
// tests spawn (a real process to SIGKILL, a service under test). Transpile only (type checks are `npm run build`);
// `@riposte/<lib>` resolves to libs/<lib>/src/index.ts as in tsconfig.base.json.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const options = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  sourceMap: false,
  inlineSourceMap: true,
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@riposte\/([a-z-]+)$/.exec(request);
  if (m && fs.existsSync(path.join(root, 'libs', m[1]))) request = path.join(root, 'libs', m[1], 'src', 'index.ts');
  return resolve.call(this, request, parent, ...rest);
};

require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};
