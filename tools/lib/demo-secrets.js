// The demo's secrets, generated at first start and kept (mode 0600, folder 0700) for the next ones: the control
// API's tokens (admin, trigger, read), the ingest token of POST /alerts, the issuers' signing key and the executors'
// trusted-keys file, and one key per demo agent. Nothing fixed is ever live. Used by `npm start` (tools/bin/start.js)
// and by docker-compose's one-shot `secrets` service (tools/bin/demo-secrets.js). Needs `npm run build`.
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const { generateKeyPairPem } = require(path.join(root, 'libs/contracts'));
const { ensureAgentKey, writeSecretFile } = require(path.join(root, 'libs/bus'));

const token = () => randomBytes(24).toString('base64url');

/** A folder only its owner may enter (made 0700, tightened to 0700 when it already exists). */
function privateDir(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Makes whatever is missing under `dir` and returns the paths and the tokens. `created` lists what this call made
 * (empty on later starts); `adminCreated` says whether the admin token is new (it is printed only then).
 */
function ensureDemoSecrets(dir, agentIds) {
  privateDir(dir);
  privateDir(path.join(dir, 'agents'));
  const files = {
    controlTokens: path.join(dir, 'control-api-tokens.json'),
    ingestTokens: path.join(dir, 'ingest-tokens.json'),
    signingKey: path.join(dir, 'issuer.key'),
    signingKeyId: path.join(dir, 'issuer.key-id'),
    trustedKeys: path.join(dir, 'trusted-keys.json'),
    agentKey: (id) => path.join(dir, 'agents', `${id}.key`),
  };
  const created = [];
  if (!fs.existsSync(files.controlTokens)) {
    const tokens = [
      { name: 'demo-admin', token: token(), role: 'admin' },
      { name: 'demo-operator', token: token(), role: 'trigger' },
      { name: 'demo-viewer', token: token(), role: 'read' },
    ];
    writeSecretFile(files.controlTokens, `${JSON.stringify({ tokens }, null, 2)}\n`);
    created.push(files.controlTokens);
  }
  if (!fs.existsSync(files.ingestTokens)) {
    writeSecretFile(files.ingestTokens, `${JSON.stringify({ tokens: [{ name: 'demo-feeder', token: token(), role: 'ingest' }] }, null, 2)}\n`);
    created.push(files.ingestTokens);
  }
  if (!fs.existsSync(files.signingKey)) {
    const pair = generateKeyPairPem();
    writeSecretFile(files.signingKey, pair.privateKeyPem);
    // The key id and the trusted-keys file are public; 0600 all the same, like everything in this folder.
    if (fs.existsSync(files.signingKeyId)) fs.rmSync(files.signingKeyId);
    writeSecretFile(files.signingKeyId, `${pair.keyId}\n`);
    if (fs.existsSync(files.trustedKeys)) fs.rmSync(files.trustedKeys);
    writeSecretFile(files.trustedKeys, `${JSON.stringify({ [pair.keyId]: pair.publicKeyPem }, null, 2)}\n`);
    created.push(files.signingKey, files.trustedKeys);
  }
  const agents = new Map();
  for (const id of agentIds) {
    const key = ensureAgentKey(files.agentKey(id));
    if (key.created) created.push(files.agentKey(id));
    fs.chmodSync(files.agentKey(id), 0o600);
    if (fs.existsSync(`${files.agentKey(id)}.pub`)) fs.chmodSync(`${files.agentKey(id)}.pub`, 0o600);
    agents.set(id, { keyFile: files.agentKey(id), publicKeyPem: key.publicKeyPem, keyId: key.keyId });
  }
  const byRole = (file, role) => readJson(file).tokens.find((t) => t.role === role)?.token;
  return {
    dir,
    files,
    created,
    adminCreated: created.includes(files.controlTokens),
    adminToken: byRole(files.controlTokens, 'admin'),
    ingestToken: byRole(files.ingestTokens, 'ingest'),
    signingKeyId: fs.readFileSync(files.signingKeyId, 'utf8').trim(),
    agents,
  };
}

/**
 * Enrols each agent's public key through the control API (`PUT /agents/:id/key`, admin token), retrying until the
 * API answers or `deadline` passes. A 404 means the route is not there (an older control API): said once, skipped.
 */
async function enrolAgents({ apiUrl, adminToken, agents, log, deadlineMs = 120_000 }) {
  const end = Date.now() + deadlineMs;
  for (const [id, agent] of agents) {
    for (;;) {
      let res;
      try {
        res = await fetch(`${apiUrl}/agents/${id}/key`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
          body: JSON.stringify({ publicKeyPem: agent.publicKeyPem }),
        });
      } catch (e) {
        if (Date.now() > end) throw new Error(`control API at ${apiUrl} did not answer (${e.message})`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (res.status === 404) {
        log(`agent enrolment: PUT /agents/:id/key is not served by this control API (404); agents not enrolled`);
        return false;
      }
      if (!res.ok) throw new Error(`enrolling agent ${id}: ${res.status} ${await res.text()}`);
      break;
    }
  }
  log(`agents enrolled: ${[...agents.keys()].join(', ')}`);
  return true;
}

module.exports = { ensureDemoSecrets, enrolAgents };
