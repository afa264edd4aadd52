#!/usr/bin/env bash
# Benchmarks: scripts/bench.sh [DOCS.jsonl QA.jsonl [DOCUMENTS]]
# Ingestion chunks/s against raw batched embedding of the same chunks, and search p50/p99 against raw
# query embedding + raw VSIM on the same index, measured in the same run on a local Redis 8.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=$(realpath "${1:-../shared/eval/git/docs.jsonl}"); qa=$(realpath "${2:-../shared/eval/git/qa.jsonl}")
export RAGTUNE_REDIS_URL; RAGTUNE_REDIS_URL=$(scripts/redis.sh start)
./mvnw -q -B test-compile >&2
exec ./mvnw -q -B exec:java -Dexec.mainClass=dev.ragtune.eval.BenchmarkCommand -Dexec.args="$docs $qa ${3:-80}"
