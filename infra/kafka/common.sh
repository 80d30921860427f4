# Shared settings of start.sh and stop.sh (sourced, not run).
#   KAFKA_PORT             client listener on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener (default KAFKA_PORT + 1)
#   KAFKA_DATA_DIR         logs, generated config, pid and broker.log (default infra/.kafka/<port>,
#                          which the root .gitignore, eslint and prettier already skip)
#   KAFKA_HEAP_OPTS        JVM heap (default -Xms256m -Xmx512m)
#   KAFKA_JVM_OPTS         other JVM options (default -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
KAFKA_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
KAFKA_DATA_DIR=${KAFKA_DATA_DIR:-$(dirname "$KAFKA_HOME")/.kafka/$KAFKA_PORT}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}
# C1 only and the serial collector: the broker starts in about half the time on a small, busy
# machine (measured here: 8-9 s instead of 14-22 s on 2 cores), at some cost in peak throughput.
KAFKA_JVM_OPTS=${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}
PID_FILE=$KAFKA_DATA_DIR/broker.pid
LOG_FILE=$KAFKA_DATA_DIR/broker.log

# True when something accepts TCP connections on 127.0.0.1:$1.
port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The pid of the broker start.sh launched, when that process is still alive.
running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  # The pid must still be alive and still be a broker (pids are reused).
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q 'kafka\.Kafka' "/proc/$pid/cmdline" 2>/dev/null &&
    echo "$pid"
}
