#!/usr/bin/env bash
# Creates the ACLs of every Riposte role for one topic namespace on the secure broker (kafka-local/kafka-up.sh
# --secure), with Kafka's own AclCommand (kafka-tools jar) logged in as `admin`. Idempotent: adding an ACL that
# exists is a no-op. The role -> ACL table is in deploy/kafka-local/README.md; keep the two in step.
#
# Usage: deploy/kafka-acls.sh <namespace> [agent-id ...]   (agent ids default to KAFKA_SECURE_AGENTS, else 001 002)
#
# Nothing here grants CREATE (on the cluster or on a topic): only `admin` (super user) creates topics, so the
# namespace's topics and each agent's command topic are provisioned by the admin before the services start.
#
# Env: KAFKA_ACL_BOOTSTRAP (default 127.0.0.1:9094), KAFKA_ACL_COMMAND_CONFIG (admin client properties, default
#      <secure dir>/admin.properties), KAFKA_SECURE_HOME_DIR (default <repo>/.kafka-local-secure), KAFKA_HOME_DIR
#      (jar cache, default <repo>/.kafka-local), KAFKA_ACL_JOBS (AclCommand JVMs at once, default 2).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/.." && pwd))"
SDIR="${KAFKA_SECURE_HOME_DIR:-$REPO_ROOT/.kafka-local-secure}"
LIB="${KAFKA_HOME_DIR:-$REPO_ROOT/.kafka-local}/lib"
BOOTSTRAP="${KAFKA_ACL_BOOTSTRAP:-127.0.0.1:9094}"
CFG="${KAFKA_ACL_COMMAND_CONFIG:-$SDIR/admin.properties}"
JOBS="${KAFKA_ACL_JOBS:-2}"

log() { printf '[kafka-acls] %s\n' "$*"; }
die() { printf '[kafka-acls] ERROR: %s\n' "$*" >&2; exit 1; }

(($# >= 1)) || die "usage: $0 <namespace> [agent-id ...]"
NS="$1"; shift
[[ "$NS" =~ ^[a-zA-Z0-9_-]+$ ]] || die "invalid namespace '$NS'"
if (($#)); then AGENTS=("$@"); else read -r -a AGENTS <<<"${KAFKA_SECURE_AGENTS:-001 002}"; fi
for id in "${AGENTS[@]}"; do [[ "$id" =~ ^[0-9]{3,8}$ ]] || die "'$id' is not an agent id (3-8 digits)"; done
[[ -r "$CFG" ]] || die "no admin client config at $CFG (start the broker with deploy/kafka-local/kafka-up.sh --secure)"
compgen -G "$LIB/kafka-tools-*.jar" >/dev/null || die "no Kafka jars in $LIB (deploy/kafka-local/kafka-up.sh fetches them)"

# Topic names come from libs/contracts/src/topics.ts, their one definition (run from source, no build needed).
declare -A T=()
while read -r key name; do T[$key]="$name"; done < <(
  node -r "$REPO_ROOT/tools/ts-register.js" -e '
    const [, file, ns, ...ids] = process.argv;
    const t = require(file).topicsFor(ns);
    const out = { raw: t.rawAlerts, alerts: t.alerts, execPrefix: t.execPrefix, timers: t.timers, agents: t.agents, audit: t.audit };
    for (const k of ["raw", "alerts", "timers", "agents"]) out[`${k}Dlq`] = t.dlq(out[k]);
    for (const id of ids) { out[`exec.${id}`] = t.exec(id); out[`execDlq.${id}`] = t.dlq(t.exec(id)); }
    for (const [k, v] of Object.entries(out)) console.log(k, v);
  ' "$REPO_ROOT/libs/contracts/src/topics.ts" "$NS" "${AGENTS[@]}"
)
[[ -n "${T[execPrefix]:-}" ]] || die "could not read the topic names from libs/contracts/src/topics.ts"
# Consumer groups, as the services name them (services/*/src/**/*.consumer.ts).
G_INGEST="$NS.alert-ingest"; G_MATCHER="$NS.matcher"; G_REGISTRY="$NS.registry"; G_SCHEDULER="$NS.scheduler"
g_executor() { printf '%s.executor.%s' "$NS" "$1"; }

# Each entry is one AclCommand run: <pattern type> <principals, comma-separated> then resource and operation
# arguments. One run grants every operation on every resource to every principal listed, so runs are grouped by
# what the principals share. READ and WRITE imply DESCRIBE; WRITE on a topic also covers the idempotent producer.
RUNS=()
add() { local IFS=$'\x1f'; RUNS+=("$*"); }
ISSUERS="matcher,control-api,scheduler"
# The issuers send commands to every agent: WRITE on the command-topic prefix (also covers each `<exec>.dlq`).
add prefixed "$ISSUERS" --operation Write --topic "${T[execPrefix]}"
add literal alert-ingest --operation Write --topic "${T[alerts]}" --topic "${T[rawDlq]}" --topic "${T[alertsDlq]}"
add literal alert-ingest --operation Read --topic "${T[raw]}" --group "$G_INGEST"
add literal matcher --operation Write --topic "${T[audit]}" --topic "${T[alertsDlq]}" --topic "${T[agentsDlq]}"
add literal matcher --operation Read --topic "${T[alerts]}" --topic "${T[agents]}" --group "$G_MATCHER" --group "$G_REGISTRY"
add literal control-api --operation Write --topic "${T[audit]}"
add literal scheduler --operation Write --topic "${T[audit]}" --topic "${T[timersDlq]}"
add literal scheduler --operation Read --topic "${T[timers]}" --group "$G_SCHEDULER"
for id in "${AGENTS[@]}"; do
  # An agent reads only its own command topic (literal), in its own group, and writes what an executor emits.
  add literal "agent-$id" --operation Read --topic "${T[exec.$id]}" --group "$(g_executor "$id")"
  add literal "agent-$id" --operation Write --topic "${T[agents]}" --topic "${T[timers]}" --topic "${T[audit]}" --topic "${T[execDlq.$id]}"
done

JVM=(java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true)
if [[ -f "$SDIR/tools-log4j2.properties" ]]; then JVM+=("-Dlog4j2.configurationFile=$SDIR/tools-log4j2.properties"); fi
# An AppCDS archive of AclCommand's classes (made by the first run, per jar set) cuts each later JVM's start CPU by
# about 40 %: a dozen JVMs on a 2-core box add up. A stale or unreadable archive only makes the JVM ignore it.
CDS="$SDIR/aclcommand-$(ls "$LIB" | sha256sum | cut -c1-12).jsa"
DUMP=()
if [[ -f "$CDS" ]]; then
  JVM+=("-XX:SharedArchiveFile=$CDS" -Xlog:cds=off -Xlog:cds+dynamic=off)
elif [[ -d "$SDIR" ]] && java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ArchiveClassesAtExit; then
  DUMP=("-XX:ArchiveClassesAtExit=$CDS.$$" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
JVM+=(-cp "$LIB/*" org.apache.kafka.tools.AclCommand --bootstrap-server "$BOOTSTRAP" --command-config "$CFG" --add)

OUTDIR="$(mktemp -d)"
trap 'rm -rf "$OUTDIR"' EXIT
t0=$(date +%s%N)
i=0
for run in "${RUNS[@]}"; do
  IFS=$'\x1f' read -r -a a <<<"$run"
  principals=()
  IFS=',' read -r -a names <<<"${a[1]}"
  for p in "${names[@]}"; do principals+=(--allow-principal "User:$p"); done
  one() {
    local rc=0
    "${JVM[@]:0:1}" "$@" "${JVM[@]:1}" --resource-pattern-type "${a[0]}" "${principals[@]}" "${a[@]:2}" >"$OUTDIR/$i.out" 2>&1 || rc=$?
    echo "$rc" >"$OUTDIR/$i.rc"
  }
  if ((${#DUMP[@]})); then
    # The first run writes the archive, alone; the others then use it.
    one "${DUMP[@]}"
    if [[ -s "$CDS.$$" ]]; then mv -f "$CDS.$$" "$CDS"; JVM=("${JVM[0]}" "-XX:SharedArchiveFile=$CDS" -Xlog:cds=off -Xlog:cds+dynamic=off "${JVM[@]:1}"); fi
    rm -f "$CDS.$$"; DUMP=()
  else
    one &
  fi
  i=$((i + 1))
  while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || true; done
done
wait
failed=0
for ((k = 0; k < ${#RUNS[@]}; k++)); do
  if [[ "$(cat "$OUTDIR/$k.rc" 2>/dev/null)" != 0 ]]; then
    failed=1
    printf '[kafka-acls] AclCommand run %d failed (%s):\n' "$k" "${RUNS[$k]//$'\x1f'/ }" >&2
    tail -n 20 "$OUTDIR/$k.out" >&2
  fi
done
((failed == 0)) || die "some ACLs were not created"
log "namespace '$NS', agents ${AGENTS[*]}: ${#RUNS[@]} AclCommand runs in $(awk -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.1f", ns / 1e9 }') s on $BOOTSTRAP"
