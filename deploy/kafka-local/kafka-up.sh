#!/usr/bin/env bash
# Start a real single-node Apache Kafka broker (KRaft, broker+controller) on 127.0.0.1:9092, without Docker.
# The broker jars come from Maven Central through `mvn dependency:copy-dependencies` and are cached in
# $KAFKA_CACHE_DIR/lib (default $KAFKA_HOME_DIR, itself default <repo>/.kafka-local, git-ignored). Every start
# wipes the data dir, unless KAFKA_KEEP_DATA=1 (a restart: the topics, offsets and messages of the last run stay).
#
# A private broker for a test that restarts it (never the shared one on 9092): its own KAFKA_HOME_DIR, its own
# KAFKA_PORT and KAFKA_CONTROLLER_PORT, and KAFKA_CACHE_DIR=<repo>/.kafka-local so it reuses the jars already there.
#
# `--secure` (or KAFKA_SECURE=1) starts a second, independent broker instead: SASL/SCRAM-SHA-512 on 127.0.0.1:9094
# (controller SASL/PLAIN on 9095) with KRaft's StandardAuthorizer, run from $KAFKA_SECURE_HOME_DIR (default
# <repo>/.kafka-local-secure, git-ignored: config, data, logs, pid, credentials.json). It shares only the jar cache.
# Its passwords are generated at every start. ACLs: deploy/kafka-acls.sh.
#
# Env: KAFKA_VERSION (default 4.3.1; 3.9.x also works), KAFKA_BROKERS (default 127.0.0.1:$KAFKA_PORT),
#      KAFKA_HOME_DIR (default <repo>/.kafka-local), KAFKA_CACHE_DIR (the jar cache, default $KAFKA_HOME_DIR),
#      KAFKA_PORT (default 9092), KAFKA_CONTROLLER_PORT (default 9093), KAFKA_KEEP_DATA (1: keep data/),
#      KAFKA_READY_CHECK (tool, the default: TopicCommand --list; tcp: a TCP connect, one JVM less),
#      KAFKA_CLUSTER_ID, KAFKA_MVN_ARGS (extra mvn args, e.g. -o),
#      KAFKA_SECURE, KAFKA_SECURE_HOME_DIR, KAFKA_SECURE_AGENTS (agent ids given a principal, default "001 002").
# Stop with deploy/kafka-local/kafka-down.sh (--secure for the secure one).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || (cd "$SCRIPT_DIR/../.." && pwd))"

KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
KDIR="${KAFKA_HOME_DIR:-$REPO_ROOT/.kafka-local}"
KEEP_DATA="${KAFKA_KEEP_DATA:-0}"
READY_CHECK="${KAFKA_READY_CHECK:-tool}"
CLUSTER_ID="${KAFKA_CLUSTER_ID:-4L6g3nShT-eMCtK--X86sw}"   # any 22-char base64 UUID
LOG4J2_VERSION=2.25.4
SLF4J_RELOAD4J_VERSION=1.7.36
RELOAD4J_VERSION=1.2.25
DEPENDENCY_PLUGIN_VERSION=3.8.1
READY_TIMEOUT_S=90
LISTEN="127.0.0.1:$KAFKA_PORT"   # server.properties.template's __PORT__
TEMPLATE="server.properties.template"
HEAP=(-Xms256m -Xmx768m)


log() { printf '[kafka-up] %s\n' "$*"; }
die() { printf '[kafka-up] ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

# TCP connect to host:port (first entry of a comma-separated broker list).
tcp_open() {
  local hp="${1%%,*}"
  local host="${hp%:*}" port="${hp##*:}"
  timeout 1 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# shellcheck source=kafka-common.sh
source "$SCRIPT_DIR/kafka-common.sh"
parse_secure_args kafka-up "$@"
CACHE_DIR="${KAFKA_CACHE_DIR:-$KDIR}"   # the jar cache; the secure broker reuses the plain one's
for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do [[ "$p" =~ ^[0-9]{1,5}$ ]] && ((p > 0 && p < 65536)) || die "KAFKA_PORT/KAFKA_CONTROLLER_PORT: '$p' is not a port"; done
[[ "$KAFKA_PORT" != "$KAFKA_CONTROLLER_PORT" ]] || die "KAFKA_PORT and KAFKA_CONTROLLER_PORT are both $KAFKA_PORT"
[[ "$KEEP_DATA" =~ ^[01]$ ]] || die "KAFKA_KEEP_DATA: '$KEEP_DATA' (0 or 1)"
[[ "$READY_CHECK" =~ ^(tool|tcp)$ ]] || die "KAFKA_READY_CHECK: '$READY_CHECK' (tool or tcp)"
if [[ "$SECURE" == 1 ]]; then
  KDIR="$(secure_home_dir "$REPO_ROOT")"
  LISTEN="127.0.0.1:9094"   # fixed by server-secure.properties.template
  TEMPLATE="server-secure.properties.template"
  HEAP=(-Xms128m -Xmx512m)
  read -r -a AGENT_IDS <<<"${KAFKA_SECURE_AGENTS:-001 002}"
  for id in "${AGENT_IDS[@]}"; do [[ "$id" =~ ^[0-9]{3,8}$ ]] || die "KAFKA_SECURE_AGENTS: '$id' is not an agent id (3-8 digits)"; done
  # The principals (SCRAM users) of deploy/kafka-acls.sh's roles.
  USERS=(admin alert-ingest matcher control-api scheduler operator "${AGENT_IDS[@]/#/agent-}")
fi

# ---------------------------------------------------------------- 1. already running?
if [[ "$SECURE" == 1 ]]; then
  if tcp_open "$LISTEN"; then
    log "the secure broker already answers at $LISTEN; nothing to do (credentials: $KDIR/credentials.json)."
    echo "export KAFKA_BROKERS=$LISTEN"
    exit 0
  fi
elif tcp_open "$KAFKA_BROKERS"; then
  log "a broker already answers at $KAFKA_BROKERS; nothing to do."
  echo "export KAFKA_BROKERS=$KAFKA_BROKERS"
  exit 0
fi
if [[ "$SECURE" != 1 && "${KAFKA_BROKERS%%,*}" != "$LISTEN" ]]; then
  log "note: nothing answers at KAFKA_BROKERS=$KAFKA_BROKERS; the local broker always listens on $LISTEN."
  if tcp_open "$LISTEN"; then
    log "something already answers at $LISTEN; not starting another broker."
    echo "export KAFKA_BROKERS=$LISTEN"
    exit 0
  fi
fi

# ---------------------------------------------------------------- 2. prerequisites
KMAJOR="${KAFKA_VERSION%%.*}"
case "$KMAJOR" in
  4|5) MIN_JAVA=17 ;;
  3)   MIN_JAVA=11 ;;
  *)   die "unsupported KAFKA_VERSION=$KAFKA_VERSION (use 4.x, e.g. 4.3.1, or 3.9.x)" ;;
esac
missing=()
command -v java >/dev/null 2>&1 || missing+=("java (JDK/JRE $MIN_JAVA+)")
command -v mvn >/dev/null 2>&1 || missing+=("mvn (Apache Maven 3.x with access to Maven Central)")
if ((${#missing[@]})); then
  die "missing on PATH: ${missing[*]}. Install them (Debian: apt-get install openjdk-17-jre-headless maven) and retry."
fi
JAVA_SPEC="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }')"
JAVA_MAJOR="${JAVA_SPEC#1.}"; JAVA_MAJOR="${JAVA_MAJOR%%.*}"
if ! [[ "$JAVA_MAJOR" =~ ^[0-9]+$ ]] || ((JAVA_MAJOR < MIN_JAVA)); then
  die "java $MIN_JAVA+ is required for Kafka $KAFKA_VERSION, found '${JAVA_SPEC:-unknown}' ($(command -v java))."
fi

mkdir -p "$KDIR/logs" "$CACHE_DIR"
KDIR="$(cd "$KDIR" && pwd)"   # absolute: it ends up in server.properties and the pid check
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"
[[ "$SECURE" == 1 ]] && chmod 700 "$KDIR"   # passwords, and SCRAM salts/keys in the logs
LIB="$CACHE_DIR/lib"; PIDFILE="$KDIR/kafka.pid"; OUT="$KDIR/logs/server.out"

# Serialise concurrent kafka-up runs on the same cache dir; re-check the port once we hold the lock.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$KDIR/.lock"
  flock -w 180 9 || die "another kafka-up.sh holds $KDIR/.lock for more than 180 s"
  if tcp_open "$LISTEN"; then
    log "a broker already answers at $LISTEN (started meanwhile); nothing to do."
    echo "export KAFKA_BROKERS=$LISTEN"
    exit 0
  fi
fi

# ---------------------------------------------------------------- 3. broker jars
if ((KMAJOR >= 4)); then
  LOGGING_DEPS="
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-api</artifactId><version>$LOG4J2_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$LOG4J2_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>$LOG4J2_VERSION</version></dependency>"
  LOGGING_JARS=("log4j-api-$LOG4J2_VERSION.jar" "log4j-core-$LOG4J2_VERSION.jar" "log4j-slf4j-impl-$LOG4J2_VERSION.jar")
else
  LOGGING_DEPS="
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>$SLF4J_RELOAD4J_VERSION</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>$RELOAD4J_VERSION</version></dependency>"
  LOGGING_JARS=("slf4j-reload4j-$SLF4J_RELOAD4J_VERSION.jar" "reload4j-$RELOAD4J_VERSION.jar")
fi
# kafka-tools brings TopicCommand/ConsoleProducer/ConsoleConsumer (not in kafka_2.13's runtime closure).
# Its connect-runtime dependency (Jetty, Jersey, HK2: ~50 jars) is only for Connect tools, so it is excluded.
POM="<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.riposte</groupId><artifactId>kafka-local-classpath</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version>
      <exclusions>
        <exclusion><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId></exclusion>
        <exclusion><groupId>com.fasterxml.jackson.jakarta.rs</groupId><artifactId>jackson-jakarta-rs-json-provider</artifactId></exclusion>
      </exclusions>
    </dependency>$LOGGING_DEPS
  </dependencies>
  <build><pluginManagement><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>$DEPENDENCY_PLUGIN_VERSION</version>
  </plugin></plugins></pluginManagement></build>
</project>"
POM_SUM="$(printf '%s' "$POM" | sha256sum | cut -c1-16)"
STAMP="$LIB/.resolved-$KAFKA_VERSION-$POM_SUM"

if [[ "$CACHE_DIR" != "$KDIR" && ! -f "$STAMP" ]] && command -v flock >/dev/null 2>&1; then
  # The secure broker resolving into the shared cache: wait for a plain kafka-up.sh that may be doing the same.
  exec 8>"$CACHE_DIR/.lock"
  flock -w 180 8 || die "another kafka-up.sh holds $CACHE_DIR/.lock for more than 180 s"
fi
if [[ -f "$STAMP" && -f "$LIB/kafka_2.13-$KAFKA_VERSION.jar" ]]; then
  log "reusing $(ls "$LIB"/*.jar | wc -l) cached jars for Kafka $KAFKA_VERSION in $LIB"
else
  log "resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION (+ kafka-tools, logging backend) from Maven ..."
  t0=$(now_ms)
  BUILD="$CACHE_DIR/build"
  rm -rf "$BUILD" "$LIB.tmp"
  mkdir -p "$BUILD"
  printf '%s\n' "$POM" >"$BUILD/pom.xml"
  # shellcheck disable=SC2086
  if ! mvn -B -q -Dstyle.color=never -f "$BUILD/pom.xml" ${KAFKA_MVN_ARGS:-} dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$LIB.tmp" >"$BUILD/mvn.log" 2>&1; then
    echo "---- mvn output (tail) ----" >&2
    sed 's/\x1b\[[0-9;]*m//g' "$BUILD/mvn.log" | grep -v '^\[ERROR\] *$' | tail -n 25 >&2
    failed="$(grep -E '\[ERROR\]' "$BUILD/mvn.log" | grep -oE '[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:(jar|pom):[A-Za-z0-9_.-]+' \
              | grep -v '^local\.riposte:' | sort -u || true)"
    [[ -n "$failed" ]] && printf '[kafka-up] artifact(s) that failed to resolve:\n%s\n' "$(sed 's/^/  /' <<<"$failed")" >&2
    die "could not assemble the Kafka $KAFKA_VERSION classpath (full log: $BUILD/mvn.log). For 3.9.x try KAFKA_VERSION=3.9.1; to retry a failure Maven cached, add KAFKA_MVN_ARGS=-U."
  fi
  for j in "kafka_2.13-$KAFKA_VERSION.jar" "kafka-clients-$KAFKA_VERSION.jar" "${LOGGING_JARS[@]}"; do
    [[ -f "$LIB.tmp/$j" ]] || die "resolution finished but $j is missing from $LIB.tmp (see $BUILD/mvn.log)"
  done
  rm -rf "$LIB"
  mv "$LIB.tmp" "$LIB"
  touch "$STAMP"
  log "resolved $(ls "$LIB"/*.jar | wc -l) jars ($(du -sh "$LIB" | cut -f1)) in $(secs $(( $(now_ms) - t0 ))) s"
fi

# ---------------------------------------------------------------- 4. config
tpl="$(<"$SCRIPT_DIR/$TEMPLATE")"
FORMAT_ARGS=()
if [[ "$SECURE" != 1 ]]; then
  rendered="${tpl//__KDIR__/$KDIR}"
  rendered="${rendered//__PORT__/$KAFKA_PORT}"
  printf '%s\n' "${rendered//__CONTROLLER_PORT__/$KAFKA_CONTROLLER_PORT}" >"$KDIR/server.properties"
elif ! { [[ -f "$PIDFILE" ]] && is_our_broker "$(cat "$PIDFILE")"; }; then
  # Fresh passwords for every start (the data dir, which holds the SCRAM credentials, is wiped below). Hex, so they
  # need no quoting in JSON, JAAS or the StorageTool's --add-scram syntax. Written 0600: they are secrets.
  secret() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
  declare -A PASS=()
  json=""
  for u in "${USERS[@]}"; do
    PASS[$u]="$(secret)"
    json+="${json:+,}"$'\n'"    \"$u\": \"${PASS[$u]}\""
    FORMAT_ARGS+=(--add-scram "SCRAM-SHA-512=[name=$u,password=${PASS[$u]}]")
  done
  (
    umask 077
    rendered="${tpl//__KDIR__/$KDIR}"
    printf '%s\n' "${rendered//__ADMIN_PASSWORD__/${PASS[admin]}}" >"$KDIR/server.properties.tmp"
    printf '{\n  "brokers": "%s",\n  "mechanism": "scram-sha-512",\n  "users": {%s\n  }\n}\n' "$LISTEN" "$json" >"$KDIR/credentials.json.tmp"
    printf '%s\n' 'security.protocol=SASL_PLAINTEXT' 'sasl.mechanism=SCRAM-SHA-512' \
      "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"${PASS[admin]}\";" \
      >"$KDIR/admin.properties.tmp"
    for f in server.properties credentials.json admin.properties; do mv -f "$KDIR/$f.tmp" "$KDIR/$f"; done
  )
fi

if ((KMAJOR >= 4)); then
  write_log_cfg() { # $1 file, $2 level, $3 target
    cat >"$1" <<EOF
status = error
appender.out.type = Console
appender.out.name = OUT
appender.out.target = $3
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = $2
rootLogger.appenderRef.out.ref = OUT
EOF
  }
  write_log_cfg "$KDIR/log4j2.properties" INFO SYSTEM_OUT
  write_log_cfg "$KDIR/tools-log4j2.properties" WARN SYSTEM_ERR
  LOGOPT="-Dlog4j2.configurationFile=$KDIR/log4j2.properties"
  TOOLS_LOGOPT="-Dlog4j2.configurationFile=$KDIR/tools-log4j2.properties"
else
  write_log_cfg() { # $1 file, $2 level, $3 target
    cat >"$1" <<EOF
log4j.rootLogger=$2, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.Target=$3
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
  }
  write_log_cfg "$KDIR/log4j.properties" INFO System.out
  write_log_cfg "$KDIR/tools-log4j.properties" WARN System.err
  LOGOPT="-Dlog4j.configuration=file:$KDIR/log4j.properties"
  TOOLS_LOGOPT="-Dlog4j.configuration=file:$KDIR/tools-log4j.properties"
fi
CP="$LIB/*"
TOOL_JVM=(java -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djava.net.preferIPv4Stack=true "$TOOLS_LOGOPT" -cp "$CP")

# ---------------------------------------------------------------- 5. format + start
t_start=$(now_ms)
pid=""
if [[ -f "$PIDFILE" ]] && is_our_broker "$(cat "$PIDFILE")"; then
  pid="$(cat "$PIDFILE")"
  log "broker pid $pid (from $PIDFILE) is still starting; waiting for it instead of starting another one."
else
  rm -f "$PIDFILE"
  if [[ "$KEEP_DATA" == 1 && "$SECURE" != 1 && -f "$KDIR/data/meta.properties" ]]; then
    log "KAFKA_KEEP_DATA=1: restarting on the existing data dir (no format)"
  else
    rm -rf "$KDIR/data"
    mkdir -p "$KDIR/data"
    # With static controller.quorum.voters, format needs no --standalone/--initial-controllers.
    if ! "${TOOL_JVM[@]}" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$KDIR/server.properties" \
          --ignore-formatted ${FORMAT_ARGS[@]+"${FORMAT_ARGS[@]}"} >"$KDIR/logs/format.out" 2>&1; then
      tail -n 40 "$KDIR/logs/format.out" >&2
      die "kafka.tools.StorageTool format failed (log: $KDIR/logs/format.out)"
    fi
  fi
  t_formatted=$(now_ms)
  [[ -f "$OUT" ]] && mv -f "$OUT" "$OUT.prev"
  # Kafka's KAFKA_JVM_PERFORMANCE_OPTS with a small heap; C1-only JIT (TieredStopAtLevel=1) lowers RSS and
  # startup CPU, which matters more for a test broker than peak throughput.
  setsid nohup java "${HEAP[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -XX:TieredStopAtLevel=1 \
    -Djava.awt.headless=true -Djava.net.preferIPv4Stack=true "$LOGOPT" -Dkafka.logs.dir="$KDIR/logs" \
    -cp "$CP" kafka.Kafka "$KDIR/server.properties" >"$OUT" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$PIDFILE"
  log "formatted storage in $(secs $(( t_formatted - t_start ))) s; started kafka.Kafka $KAFKA_VERSION (pid $pid), log: $OUT"
fi

# ---------------------------------------------------------------- 6. readiness
fail() {
  echo "---- last 80 lines of $OUT ----" >&2
  tail -n 80 "$OUT" >&2 || true
  die "$1"
}
deadline=$(( $(now_ms) + READY_TIMEOUT_S * 1000 ))
until grep -q "Kafka Server started" "$OUT" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; fail "the broker process (pid $pid) exited during startup"; }
  (( $(now_ms) < deadline )) || fail "no 'Kafka Server started' within ${READY_TIMEOUT_S}s (broker pid $pid left running; stop it with kafka-down.sh)"
  sleep 0.5
done
t_logged=$(now_ms)

# Confirm the broker serves requests (a TCP connect alone is not enough): list topics with Kafka's own tool.
# (zip central directories store entry names uncompressed, so grep finds the class without unzip/jar)
if [[ "$READY_CHECK" == tool ]] && grep -qa 'org/apache/kafka/tools/TopicCommand.class' "$LIB/kafka-tools-$KAFKA_VERSION.jar" 2>/dev/null; then
  AUTH=()
  [[ "$SECURE" == 1 ]] && AUTH=(--command-config "$KDIR/admin.properties")   # also proves the admin's SCRAM login
  if ! topics="$(timeout 60 "${TOOL_JVM[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$LISTEN" ${AUTH[@]+"${AUTH[@]}"} --list 2>"$KDIR/logs/check.err")"; then
    cat "$KDIR/logs/check.err" >&2
    fail "the broker logged 'Kafka Server started' but TopicCommand --list failed"
  fi
  check="TopicCommand --list ok ($(printf '%s' "$topics" | grep -c . || true) topics)"
else
  tcp_open "$LISTEN" || fail "the broker logged 'Kafka Server started' but $LISTEN does not accept connections"
  check="TCP connect ok ($([[ "$READY_CHECK" == tcp ]] && echo 'KAFKA_READY_CHECK=tcp' || echo 'TopicCommand not on the classpath'))"
fi
t_ready=$(now_ms)

[[ "$SECURE" == 1 ]] && log "secure mode: SASL/SCRAM-SHA-512 + StandardAuthorizer; users ${USERS[*]}; credentials: $KDIR/credentials.json (0600)"
log "Kafka $KAFKA_VERSION ready on $LISTEN in $(secs $(( t_ready - t_start ))) s (to 'Kafka Server started': $(secs $(( t_logged - t_start ))) s; $check). pid $pid"
echo "export KAFKA_BROKERS=$LISTEN"
