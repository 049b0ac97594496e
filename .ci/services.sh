#!/usr/bin/env bash
# A real Redis for the integration tests: use the one at TEST_REDIS_URL (default
# 127.0.0.1:6379), start redis-server when none answers, install it when missing and root.
set -euo pipefail
url="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
ping() { .venv/bin/python -c "import redis,sys; redis.Redis.from_url('$url', socket_connect_timeout=1).ping()" 2>/dev/null; }
ping && exit 0
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "error: no Redis answers at $url and redis-server is not installed: install it or set TEST_REDIS_URL" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >/dev/null
fi
port=$(.venv/bin/python -c "from urllib.parse import urlparse; print(urlparse('$url').port or 6379)")
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null
for _ in $(seq 50); do ping && exit 0; sleep 0.1; done
echo "error: redis-server did not start on port $port" >&2
exit 1
