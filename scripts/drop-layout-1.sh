#!/usr/bin/env bash
# Removes an index written before per-tenant partitions (layout 1), keeping everything else under the prefix:
#   scripts/drop-layout-1.sh REDIS_URL [PREFIX]      (PREFIX: ragtune.index.prefix, default ragtune:{kb})
# Layout 1 kept one shared vector set and its records under the prefix itself; ragtune now refuses it (409) until it
# is gone. Conversation memory, answer records, feedback and knowledge gaps share the prefix and are kept. Re-ingest
# afterwards (POST /reindex, or POST /documents/batch). On a Redis Cluster the old index sits in one slot: pass
# that slot's master.
set -euo pipefail
url=${1:?usage: scripts/drop-layout-1.sh REDIS_URL [PREFIX]}
prefix=${2:-ragtune:\{kb\}}
cli=$(dirname "$(bash "$(dirname "$0")/redis.sh" binary)")/redis-cli
removed=0
for pattern in "$prefix:doc:*" "$prefix:chunk:*" "$prefix:lex:*"; do
  while read -r key; do
    [ -n "$key" ] || continue
    "$cli" -u "$url" UNLINK "$key" >/dev/null
    removed=$((removed + 1))
  done < <("$cli" -u "$url" --scan --pattern "$pattern")
done
for key in "$prefix:docs" "$prefix:vectors" "$prefix:identity"; do
  removed=$((removed + $("$cli" -u "$url" UNLINK "$key")))
done
echo "removed $removed layout-1 keys under $prefix; re-ingest now" >&2
