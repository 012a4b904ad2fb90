# Sourced by kafka-up.sh and kafka-down.sh (not run on its own): what both need to agree on which broker they mean.
# Expects KDIR (the broker's dir, absolute) to be set before is_our_broker is called.

# parse_secure_args NAME ARGS...: SECURE=1 with `--secure` (or KAFKA_SECURE=1), else 0; any other argument is an error.
parse_secure_args() {
  local name="$1" arg
  shift
  SECURE="${KAFKA_SECURE:-0}"
  for arg in "$@"; do
    case "$arg" in
      --secure) SECURE=1 ;;
      *) printf "[%s] ERROR: unknown argument '%s' (the only one is --secure)\n" "$name" "$arg" >&2; exit 1 ;;
    esac
  done
}

# The secure broker's dir (given the repo root $1): KAFKA_SECURE_HOME_DIR, default <repo>/.kafka-local-secure.
secure_home_dir() {
  printf '%s' "${KAFKA_SECURE_HOME_DIR:-$1/.kafka-local-secure}"
}

# Is $1 a live pid of a kafka.Kafka JVM using our config ($KDIR/server.properties)?
is_our_broker() {
  local pid="$1"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $KDIR/server.properties"
}
