#!/usr/bin/env bash
# Runs ragtune locally: a Redis 8 with Vector Sets on loopback (built once from Debian's source, cached),
# then Quarkus dev mode, which ingests ragtune's own documentation as the sample knowledge base.
# No API key is needed. Without Redis, dev mode falls back to an in-memory index and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
export RAGTUNE_REDIS_URL; RAGTUNE_REDIS_URL=$(scripts/redis.sh start)
echo "ragtune: using Redis at $RAGTUNE_REDIS_URL" >&2
exec ./mvnw quarkus:dev "$@"
