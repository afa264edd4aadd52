#!/usr/bin/env bash
# Retrieval evaluation: scripts/eval.sh DOCS.jsonl QA.jsonl
# Ingests DOCS into an isolated index of a local Redis 8 (scripts/redis.sh), asks every question of QA,
# and prints one JSON object (recall@1/5/10, MRR, nDCG@10 for ragtune and a plain-vector baseline) last.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/eval.sh DOCS.jsonl QA.jsonl" >&2; exit 2; }
docs=$(realpath "$1"); qa=$(realpath "$2")
export RAGTUNE_REDIS_URL; RAGTUNE_REDIS_URL=$(scripts/redis.sh start)
./mvnw -q -B test-compile >&2
exec ./mvnw -q -B exec:java -Dexec.mainClass=dev.ragtune.eval.EvaluationCommand -Dexec.args="$docs $qa"
