#!/usr/bin/env bash
# Starts the machine's PostgreSQL and Redis when they are not answering (no containers needed).
# Idempotent: does nothing for a service that already answers. Used by .ci/run and by developers.
#   infra/local/ensure-services.sh
set -euo pipefail

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}

wait_for() { # name, command
  for _ in $(seq 1 60); do
    if eval "$2" >/dev/null 2>&1; then echo "$1 is up"; return 0; fi
    sleep 0.5
  done
  echo "$1 did not come up" >&2
  return 1
}

if pg_isready -h "$PG_HOST" -p "$PG_PORT" >/dev/null 2>&1; then
  echo "postgres is up"
else
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "starting postgres…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  else
    echo "postgres is not installed; install it (apt-get install postgresql) or set TEST_DATABASE_URL" >&2
  fi
  wait_for postgres "pg_isready -h $PG_HOST -p $PG_PORT"
fi

if redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then
  echo "redis is up"
elif command -v redis-server >/dev/null 2>&1; then
  echo "starting redis…"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  wait_for redis "redis-cli -p $REDIS_PORT ping | grep -q PONG"
else
  echo "redis-server not installed (not needed by the current tests)" >&2
fi
