#!/usr/bin/env bash
# Stop the broker started by kafka-up.sh (pid file in $KAFKA_HOME_DIR, default <repo>/.kafka-local):
# SIGTERM, wait up to 20 s for a controlled shutdown, then SIGKILL. Harmless when nothing runs.
# Only the process recorded in the pid file is touched, and only if it is still our kafka.Kafka JVM.
# `--secure` (or KAFKA_SECURE=1) stops the secure broker instead ($KAFKA_SECURE_HOME_DIR, default
# <repo>/.kafka-local-secure); the plain one is left alone.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/../.." && pwd))"
# shellcheck source=kafka-common.sh
source "$SCRIPT_DIR/kafka-common.sh"
parse_secure_args kafka-down "$@"
if [[ "$SECURE" == 1 ]]; then
  KDIR="$(secure_home_dir "$REPO_ROOT")"
else
  KDIR="${KAFKA_HOME_DIR:-$REPO_ROOT/.kafka-local}"
fi
[[ -d "$KDIR" ]] && KDIR="$(cd "$KDIR" && pwd)"
PIDFILE="$KDIR/kafka.pid"
STOP_TIMEOUT_S=20

log() { printf '[kafka-down] %s\n' "$*"; }

if [[ ! -f "$PIDFILE" ]]; then
  log "no pid file ($PIDFILE); nothing to stop."
  exit 0
fi
pid="$(cat "$PIDFILE")"
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
  log "broker pid '${pid}' is not running; removing stale pid file."
  rm -f "$PIDFILE"
  exit 0
fi
if ! is_our_broker "$pid"; then
  log "pid $pid is not the kafka-local broker (pid reused?); leaving it alone and removing the stale pid file."
  rm -f "$PIDFILE"
  exit 0
fi

log "stopping broker pid $pid (SIGTERM) ..."
t0=$(date +%s%N)
kill -TERM "$pid" 2>/dev/null || true
for ((i = 0; i < STOP_TIMEOUT_S * 4; i++)); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.25
done
if kill -0 "$pid" 2>/dev/null; then
  log "still running after ${STOP_TIMEOUT_S}s; sending SIGKILL."
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
fi
rm -f "$PIDFILE"
log "stopped after $(awk -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.1f", ns / 1e9 }') s."
