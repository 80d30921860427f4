#!/usr/bin/env bash
# Stops the broker that start.sh launched: SIGTERM (a clean, controlled shutdown that flushes the
# logs), then waits up to 60 s for the process to exit; SIGKILL only if it does not.
# Idempotent: does nothing when that broker is not running.
#   infra/kafka/stop.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if ! pid=$(running_pid); then
  rm -f "$PID_FILE"
  if port_answers "$KAFKA_PORT"; then
    echo "a broker that start.sh did not launch answers on 127.0.0.1:$KAFKA_PORT; leaving it" >&2
    exit 2
  fi
  echo "kafka is not running"
  exit 0
fi

echo "stopping kafka (pid $pid)…"
kill -TERM "$pid"
for _ in $(seq 1 120); do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PID_FILE"
    echo "kafka stopped"
    exit 0
  fi
  sleep 0.5
done
echo "kafka did not stop within 60 s; killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$PID_FILE"
