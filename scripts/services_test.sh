#!/usr/bin/env bash
# Vérifie que Redis répond (le test du worker Celery réel en a besoin) ; le démarre sinon.
# Avec DATABASE_URL en PostgreSQL, vérifie aussi que le serveur répond, et le démarre sinon.
set -euo pipefail

redis_ok() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
if ! redis_ok; then
  echo "Redis ne répond pas : démarrage."
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/redis-qualite.log
  for _ in $(seq 1 20); do redis_ok && break; sleep 0.5; done
  redis_ok || { echo "Redis n'a pas pu démarrer." >&2; exit 1; }
fi

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  pg_ok() { pg_isready -h 127.0.0.1 -p 5432 -q; }
  if ! pg_ok; then
    echo "PostgreSQL ne répond pas : démarrage."
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
    for _ in $(seq 1 30); do pg_ok && break; sleep 1; done
    pg_ok || { echo "PostgreSQL n'a pas pu démarrer." >&2; exit 1; }
  fi
fi
