#!/usr/bin/env bash
# Installs the bundled Riposte executor (`npm run build:agent`) beside an existing Wazuh agent:
#   /opt/riposte/executor/riposte-executor.js        the bundle (needs Node >= 20 only)
#   /etc/riposte/executor.env                         brokers, TLS, SASL, keys, AGENT_ID (0600)
#   /etc/riposte/trusted-keys.json, agent.key         when --trusted-keys / --agent-key are given (0600)
#   /etc/systemd/system/riposte-executor.service      the hardened unit
# It reads the agent's <wazuh-home>/etc/ossec.conf, runs <wazuh-home>/active-response/bin and logs to
# <wazuh-home>/logs/active-responses.log, as execd does. Re-running it upgrades the bundle and keeps an existing
# env file (use --force-env to rewrite it).
#
# --root DIR (alias --prefix, or DESTDIR=DIR) installs under a staging root: files land in DIR, their contents name
# the final paths (as `make install DESTDIR=` does). systemctl is not called then.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: install.sh --agent-id ID --brokers HOST:PORT[,...] [options]
  --bundle FILE          the bundle (default: dist/agent/riposte-executor.js next to this repository)
  --wazuh-home DIR       the Wazuh agent's home (default /var/ossec)
  --agent-id ID          this agent's Wazuh id (3 to 8 digits)
  --brokers LIST         KAFKA_BROKERS
  --trusted-keys FILE    issuer public keys { keyId: SPKI PEM } -> /etc/riposte/trusted-keys.json
  --agent-key FILE       this agent's private key (PEM)      -> /etc/riposte/agent.key
  --ssl-ca FILE --ssl-cert FILE --ssl-key FILE   Kafka TLS (copied to /etc/riposte/kafka/)
  --sasl-mechanism M --sasl-username U --sasl-password-file FILE   Kafka SASL
  --node PATH            the node binary for ExecStart (default: `command -v node`, must be >= 20)
  --root DIR | --prefix DIR   staging root (also DESTDIR=DIR); no systemctl
  --no-start             install and enable nothing (no systemctl daemon-reload/enable/start)
  --force-env            rewrite an existing /etc/riposte/executor.env
EOF
}

here=$(cd "$(dirname "$0")" && pwd)
bundle="$here/../../dist/agent/riposte-executor.js"
wazuh_home=/var/ossec
agent_id='' brokers='' trusted_keys='' agent_key='' node_bin=''
ssl_ca='' ssl_cert='' ssl_key='' sasl_mechanism='' sasl_username='' sasl_password_file=''
root=${DESTDIR:-} no_start=0 force_env=0

while [ $# -gt 0 ]; do
  case "$1" in
    --bundle) bundle=$2; shift 2 ;;
    --wazuh-home) wazuh_home=$2; shift 2 ;;
    --agent-id) agent_id=$2; shift 2 ;;
    --brokers) brokers=$2; shift 2 ;;
    --trusted-keys) trusted_keys=$2; shift 2 ;;
    --agent-key) agent_key=$2; shift 2 ;;
    --ssl-ca) ssl_ca=$2; shift 2 ;;
    --ssl-cert) ssl_cert=$2; shift 2 ;;
    --ssl-key) ssl_key=$2; shift 2 ;;
    --sasl-mechanism) sasl_mechanism=$2; shift 2 ;;
    --sasl-username) sasl_username=$2; shift 2 ;;
    --sasl-password-file) sasl_password_file=$2; shift 2 ;;
    --node) node_bin=$2; shift 2 ;;
    --root|--prefix) root=$2; shift 2 ;;
    --no-start) no_start=1; shift ;;
    --force-env) force_env=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 64 ;;
  esac
done

fail() { echo "install.sh: $*" >&2; exit 1; }
[ -n "$agent_id" ] || fail "--agent-id is required"
[[ "$agent_id" =~ ^[0-9]{3,8}$ ]] || fail "--agent-id must be 3 to 8 digits (got '$agent_id')"
[ -n "$brokers" ] || fail "--brokers is required"
[ -f "$bundle" ] || fail "no bundle at $bundle (run: npm run build:agent)"
[ -z "$root" ] || root=$(cd "$root" && pwd)
[ -n "$sasl_mechanism" ] && { [ -n "$sasl_username" ] && [ -n "$sasl_password_file" ] || fail "--sasl-mechanism needs --sasl-username and --sasl-password-file"; }

# A Wazuh agent must already be there: the executor serves it and reads its configuration.
home="$root$wazuh_home"
for d in etc active-response/bin logs; do [ -d "$home/$d" ] || fail "$home/$d is missing: is a Wazuh agent installed at $wazuh_home?"; done
[ -f "$home/etc/ossec.conf" ] || fail "$home/etc/ossec.conf is missing"

[ -n "$node_bin" ] || node_bin=$(command -v node || true)
[ -n "$node_bin" ] || fail "node is not on PATH; install Node >= 20 or pass --node"
major=$("$node_bin" -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || fail "$node_bin is Node $major; the executor needs Node >= 20"
case "$node_bin" in /*) ;; *) fail "--node must be an absolute path (systemd's ExecStart)";; esac

install -d -m 0755 "$root/opt/riposte/executor" "$root/etc/systemd/system"
install -d -m 0700 "$root/etc/riposte"
# The executor's own state (var/riposte-state.log) lives in the agent's var/.
install -d -m 0750 "$home/var"
install -m 0755 "$bundle" "$root/opt/riposte/executor/riposte-executor.js"

# Secrets: root-only, copied rather than linked, so the unit's read-only /etc view has them.
copy_secret() { install -m 0600 "$1" "$root$2"; }
trusted_path=/etc/riposte/trusted-keys.json key_path=/etc/riposte/agent.key
[ -z "$trusted_keys" ] || copy_secret "$trusted_keys" "$trusted_path"
if [ -n "$agent_key" ]; then
  copy_secret "$agent_key" "$key_path"
elif [ ! -f "$root$key_path" ]; then
  # No key given: make this agent's own Ed25519 key here (the unit's /etc is read-only, the executor could not).
  # Its public half is enrolled once: PUT /agents/<id>/key on the control API.
  (umask 077; "$node_bin" -e '
    const c = require("node:crypto"); const fs = require("node:fs");
    const { privateKey, publicKey } = c.generateKeyPairSync("ed25519");
    fs.writeFileSync(process.argv[1], privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(process.argv[2], publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 });
  ' "$root$key_path" "$root/etc/riposte/agent.pub")
  echo "install.sh: generated this agent's key; enrol $key_path's public half (/etc/riposte/agent.pub) with the control API"
fi
if [ -n "$ssl_ca$ssl_cert$ssl_key" ]; then install -d -m 0700 "$root/etc/riposte/kafka"; fi
[ -z "$ssl_ca" ] || copy_secret "$ssl_ca" /etc/riposte/kafka/ca.pem
[ -z "$ssl_cert" ] || copy_secret "$ssl_cert" /etc/riposte/kafka/cert.pem
[ -z "$ssl_key" ] || copy_secret "$ssl_key" /etc/riposte/kafka/key.pem

env_file="$root/etc/riposte/executor.env"
if [ ! -f "$env_file" ] || [ "$force_env" = 1 ]; then
  sasl_password=''
  [ -z "$sasl_password_file" ] || sasl_password=$(cat "$sasl_password_file")
  on() { [ -n "$1" ] && echo "$2" || echo "#$2"; }
  (
    umask 077
    cat >"$env_file.tmp" <<EOF
# Riposte executor settings (systemd EnvironmentFile; mode 0600: it holds the SASL password).
AGENT_ID=$agent_id
EXECUTOR_HOME=$wazuh_home
KAFKA_BROKERS=$brokers
# Issuers whose signed commands run here, and this agent's own signing key (heartbeats, timer requests).
EXECUTOR_TRUSTED_KEYS_FILE=$trusted_path
EXECUTOR_KEY_FILE=$key_path
# Kafka TLS (PEM files).
$(on "$ssl_ca$ssl_cert$ssl_key" "KAFKA_SSL=true")
$(on "$ssl_ca" "KAFKA_SSL_CA=/etc/riposte/kafka/ca.pem")
$(on "$ssl_cert" "KAFKA_SSL_CERT=/etc/riposte/kafka/cert.pem")
$(on "$ssl_key" "KAFKA_SSL_KEY=/etc/riposte/kafka/key.pem")
# Kafka SASL (plain, scram-sha-256, scram-sha-512).
$(on "$sasl_mechanism" "KAFKA_SASL_MECHANISM=$sasl_mechanism")
$(on "$sasl_mechanism" "KAFKA_SASL_USERNAME=$sasl_username")
$(on "$sasl_mechanism" "KAFKA_SASL_PASSWORD=$sasl_password")
# /health and /metrics for Prometheus (off by default on agent hosts).
#EXECUTOR_PORT=9464
#EXECUTOR_HOST=127.0.0.1
# true: built-ins log their system commands instead of running them.
EXECUTOR_DRY_RUN=false
RIPOSTE_TOPIC_NAMESPACE=riposte
NODE_ENV=production
EOF
  )
  chmod 0600 "$env_file.tmp"
  mv "$env_file.tmp" "$env_file"
fi

sed -e "s|@NODE@|$node_bin|g" -e "s|@WAZUH_HOME@|$wazuh_home|g" "$here/riposte-executor.service" >"$root/etc/systemd/system/riposte-executor.service"
chmod 0644 "$root/etc/systemd/system/riposte-executor.service"

echo "install.sh: installed under ${root:-/} (bundle /opt/riposte/executor/riposte-executor.js, env /etc/riposte/executor.env)"
[ -n "$trusted_keys" ] || [ -f "$root$trusted_path" ] || echo "install.sh: note: copy the issuers' public keys to $trusted_path before starting"

if [ -z "$root" ] && [ "$no_start" = 0 ] && command -v systemctl >/dev/null; then
  systemctl daemon-reload
  systemctl enable --now riposte-executor.service
  echo "install.sh: riposte-executor.service enabled and started (journalctl -u riposte-executor)"
fi
