#!/usr/bin/env node
// `npm run lint`: computes the Nx project graph, then runs eslint (arguments pass through; default `.`).
// @nx/enforce-module-boundaries reads only a cached graph and silently skips itself when there is none (a fresh
// clone, `rm -rf .nx`, the daemon off), so the graph is built here first, and a skip is an error, not a warning.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const SKIPPED = 'No cached ProjectGraph is available';

/** Builds the project graph without the daemon and writes it to the cache the lint rule reads. */
async function computeProjectGraph() {
  process.env.NX_DAEMON = 'false';
  process.env.NX_NO_CLOUD = 'true';
  const devkit = require('@nx/devkit');
  await devkit.createProjectGraphAsync({ exitOnError: true });
  devkit.readCachedProjectGraph(); // throws when the cache was not written
}

/** Runs eslint with `args`; returns its exit status, its stdout (also printed unless `quiet`) and whether the boundary rule skipped itself. */
function runEslint(args, { quiet = false } = {}) {
  const bin = path.join(path.dirname(require.resolve('eslint/package.json', { paths: [root] })), 'bin', 'eslint.js');
  const colour = process.stdout.isTTY && !args.includes('--format') ? ['--color'] : [];
  const r = spawnSync(process.execPath, [bin, ...colour, ...args], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!quiet) process.stdout.write(r.stdout ?? '');
  const skipped = (r.stdout ?? '').includes(SKIPPED);
  if (skipped) console.error('lint: @nx/enforce-module-boundaries was skipped (no project graph); failing');
  return { status: skipped ? 1 : (r.status ?? 1), stdout: r.stdout ?? '', skipped };
}

/** Graph first, then eslint: what `npm run lint` and the lint self-test both run. */
async function lint(args, options) {
  await computeProjectGraph();
  return runEslint(args.length ? args : ['.'], options);
}

module.exports = { computeProjectGraph, runEslint, lint };

if (require.main === module) {
  lint(process.argv.slice(2)).then(
    (r) => process.exit(r.status),
    (e) => {
      console.error(`lint: ${e.message}`);
      process.exit(1);
    },
  );
}
