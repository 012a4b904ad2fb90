#!/usr/bin/env bash
# Adds the ACLs of every Riposte role for one topic namespace, as `admin`, through the Kafka admin API (one
# CreateAcls request; Kafka's AclCommand would take one JVM per resource/operation group, about 10 s on 2 cores).
# Idempotent. The plan is libs/bus/src/acl-plan.ts; the role -> ACL table is in deploy/kafka-local/README.md.
#
# Usage: deploy/kafka-acls.sh <namespace> [agent-id ...] [--print] [--from-env]
#   agent ids default to KAFKA_SECURE_AGENTS, else "001 002"
#   --print     print the plan as a markdown table, connect to nothing
#   --from-env  log in with KAFKA_BROKERS / KAFKA_SASL_* / KAFKA_SSL* (a real cluster's admin) instead of the local
#               secure broker's admin (.kafka-local-secure/credentials.json, from kafka-local/kafka-up.sh --secure)
#
# Nothing here grants CREATE: only `admin` creates topics, so the namespace's topics and each agent's command topic
# are provisioned by the admin before the services start.
set -euo pipefail
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec node "$SCRIPT_DIR/../tools/bin/kafka-acls.js" "$@"
