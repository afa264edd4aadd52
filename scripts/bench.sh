#!/usr/bin/env bash
# Benchmarks, printed as one JSON object (the line starting with BENCHMARK):
#   scripts/bench.sh [DOCS.jsonl [QA.jsonl [DOCUMENTS [QUERIES]]]]
# ingestion chunks/s against raw batched embedding of the same chunks; POST /search p50/p99 against raw
# query embedding + raw VSIM on the same index; POST /ask overhead (model stub answering at once)
# against POST /search. One run, one machine, the real Redis 8 and the running application.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=$(realpath "${1:-../shared/eval/git/docs.jsonl}"); qa=$(realpath "${2:-../shared/eval/git/qa.jsonl}")
./mvnw -B test -Dtest=ApiBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true \
  -Dbenchmark.docs="$docs" -Dbenchmark.questions="$qa" -Dbenchmark.documents="${3:-60}" -Dbenchmark.queries="${4:-1000}" \
  | grep -A40 '^BENCHMARK' | sed 's/^BENCHMARK //' | sed '/^}/q'
