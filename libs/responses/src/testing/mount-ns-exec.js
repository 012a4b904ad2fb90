// Test-only, run as `unshare -m --propagation private -- node mount-ns-exec.js --bind SRC DST … -- CMD ARGS…`:
// makes the bind mounts inside the private mount namespace (argv calls to mount, no shell), then runs CMD with the
// same stdin/stdout/stderr and exits with its status.
const { execFileSync, spawnSync } = require('node:child_process');

const args = process.argv.slice(2);
const sep = args.indexOf('--');
const mounts = args.slice(0, sep);
for (let i = 0; i < mounts.length; i += 3) {
  if (mounts[i] !== '--bind') throw new Error(`expected --bind, got ${mounts[i]}`);
  execFileSync('mount', ['--bind', mounts[i + 1], mounts[i + 2]]);
}
const [cmd, ...rest] = args.slice(sep + 1);
const result = spawnSync(cmd, rest, { stdio: 'inherit' });
process.exit(result.status ?? 1);
