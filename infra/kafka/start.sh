#!/usr/bin/env bash
# Starts a single-node KRaft Apache Kafka 3.9.1 broker on 127.0.0.1:$KAFKA_PORT (default 9092)
# from the published jars, without containers. Idempotent: when a broker answers on the port it
# does nothing; when the one it launched is still starting, it waits for it.
#   infra/kafka/start.sh        # then: infra/kafka/stop.sh
# First run: fetches the jars from Maven Central into infra/kafka/lib (mvn, ~25 s) and formats
# the storage with a fixed cluster id. Waits up to 60 s until the broker has started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Base64 of the 16 bytes "orderflow-kafka1": a fixed id, so the storage formats the same way.
CLUSTER_ID=b3JkZXJmbG93LWthZmthMQ

if port_answers "$KAFKA_PORT" && ! running_pid >/dev/null; then
  echo "kafka is up on 127.0.0.1:$KAFKA_PORT"
  exit 0
fi

mkdir -p "$KAFKA_DATA_DIR"
# Serialise concurrent starts (CI and a test helper may both call this).
exec 9>"$KAFKA_DATA_DIR/.start.lock"
flock 9

wait_until_ready() { # pid
  for _ in $(seq 1 120); do
    if ! kill -0 "$1" 2>/dev/null; then
      echo "kafka exited while starting; last lines of $LOG_FILE:" >&2
      tail -n 30 "$LOG_FILE" >&2 || true
      return 1
    fi
    if port_answers "$KAFKA_PORT" && grep -q 'Kafka Server started' "$LOG_FILE" 2>/dev/null; then
      echo "kafka is up on 127.0.0.1:$KAFKA_PORT (pid $1)"
      return 0
    fi
    sleep 0.5
  done
  echo "kafka did not start within 60 s; see $LOG_FILE" >&2
  return 1
}

if pid=$(running_pid); then
  wait_until_ready "$pid"
  exit $?
fi
if port_answers "$KAFKA_PORT"; then
  echo "kafka is up on 127.0.0.1:$KAFKA_PORT"
  exit 0
fi

if [ ! -f "$KAFKA_HOME/lib/kafka_2.13-3.9.1.jar" ]; then
  echo "fetching the Kafka jars from Maven Central into $KAFKA_HOME/lib…"
  # Into a temporary directory first, so that an interrupted download is not taken for a full one.
  rm -rf "$KAFKA_HOME/lib.tmp"
  mvn -q -B -f "$KAFKA_HOME/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_HOME/lib.tmp"
  rm -rf "$KAFKA_HOME/lib"
  mv "$KAFKA_HOME/lib.tmp" "$KAFKA_HOME/lib"
fi

sed -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
  -e "s|@DATA_DIR@|$KAFKA_DATA_DIR|g" "$KAFKA_HOME/server.properties.template" \
  >"$KAFKA_DATA_DIR/server.properties"

JAVA_OPTS=(-Dlog4j.configuration="file:$KAFKA_HOME/log4j.properties" -Djava.awt.headless=true)
if [ ! -f "$KAFKA_DATA_DIR/kraft-logs/meta.properties" ]; then
  echo "formatting the broker storage in $KAFKA_DATA_DIR/kraft-logs…"
  java "${JAVA_OPTS[@]}" -cp "$KAFKA_HOME/lib/*" kafka.tools.StorageTool format \
    -t "$CLUSTER_ID" -c "$KAFKA_DATA_DIR/server.properties" >/dev/null
fi

[ -f "$LOG_FILE" ] && mv "$LOG_FILE" "$LOG_FILE.1"
echo "starting kafka on 127.0.0.1:$KAFKA_PORT (log: $LOG_FILE)…"
# setsid: the broker outlives this shell's process group (a test runner or CI step ending).
# The inner shell writes its own pid, then becomes the JVM, so the pid file names the broker;
# 9>&-: the broker must not inherit (and hold forever) the start lock.
# shellcheck disable=SC2086
setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
  java $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS "${JAVA_OPTS[@]}" -cp "$KAFKA_HOME/lib/*" \
  kafka.Kafka "$KAFKA_DATA_DIR/server.properties" </dev/null >>"$LOG_FILE" 2>&1 9>&- &
for _ in $(seq 1 20); do [ -s "$PID_FILE" ] && break; sleep 0.1; done
wait_until_ready "$(cat "$PID_FILE")"
