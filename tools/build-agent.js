#!/usr/bin/env node
// `npm run build:agent`: the executor as one JavaScript file (dist/agent/riposte-executor.js) that needs only
// Node >= 20 on the agent host — no node_modules, no repository. deploy/agent/install.sh installs it.
// Usage: node tools/build-agent.js [--out FILE]
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const ENTRY = path.join(root, 'services/executor/src/main.ts');
const DEFAULT_OUT = path.join(root, 'dist/agent/riposte-executor.js');

/**
 * Nest's optional packages, which it loads lazily inside try/catch (`loadPackage`, `optionalRequire`) only when a
 * feature asks for them; the executor uses none of them and they are not installed. Left external, as Nest's
 * bundling recipe does with webpack's IgnorePlugin: each `require` stays a call that throws and is caught.
 */
const NEST_LAZY = [
  '@nestjs/microservices',
  '@nestjs/microservices/microservices-module',
  '@nestjs/websockets',
  '@nestjs/websockets/socket-module',
  '@nestjs/platform-fastify',
  '@fastify/static',
  '@fastify/view',
  'class-transformer',
  'class-transformer/storage',
  'class-validator',
  'cache-manager',
];

/**
 * esbuild strips types without emitting decorator metadata, and Nest resolves constructor parameters from it: each
 * of our .ts files goes through TypeScript's transpiler (as tools/ts-register.js does), esbuild bundles the result.
 */
const decoratorMetadata = {
  name: 'ts-decorator-metadata',
  setup(build) {
    const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true, sourceMap: false };
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      const { outputText } = ts.transpileModule(source, { compilerOptions: options, fileName: args.path });
      return { contents: outputText, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/** Builds the bundle into `outfile`; resolves with esbuild's warnings. */
async function buildAgent(outfile = DEFAULT_OUT) {
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    external: NEST_LAZY,
    plugins: [decoratorMetadata],
    // Class names appear in Nest's logs and errors; keep them readable.
    keepNames: true,
    minify: false,
    legalComments: 'eof',
    logLevel: 'silent',
    banner: { js: '#!/usr/bin/env node\n// Riposte executor, bundled by tools/build-agent.js. Needs Node >= 20 only.' },
  });
  fs.chmodSync(outfile, 0o755);
  return result.warnings;
}

module.exports = { buildAgent, DEFAULT_OUT, NEST_LAZY };

if (require.main === module) {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? path.resolve(process.argv[i + 1]) : DEFAULT_OUT;
  buildAgent(out).then(
    (warnings) => {
      for (const w of warnings) console.warn(`build:agent: warning: ${w.text}${w.location ? ` (${w.location.file}:${w.location.line})` : ''}`);
      console.log(`build:agent: ${path.relative(process.cwd(), out)} (${Math.round(fs.statSync(out).size / 1024)} KiB)`);
    },
    (error) => {
      console.error(`build:agent: ${error.message}`);
      process.exit(1);
    },
  );
}
