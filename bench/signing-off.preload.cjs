// Bench only (`BENCH_SIGNING=off|both` in bench/pipeline.bench.ts, loaded with `node -r`): Ed25519 sign returns 64
// zero bytes and verify accepts, so a run with this preload costs everything signing costs except the signatures.
// The services have no switch of their own to turn verification off.
const crypto = require('node:crypto');
const zero = Buffer.alloc(64);
crypto.sign = () => zero;
crypto.verify = () => true;
