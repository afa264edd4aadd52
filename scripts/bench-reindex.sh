#!/usr/bin/env bash
# Incremental reindex benchmark, printed as one JSON object:
#   scripts/bench-reindex.sh [DOCS.jsonl [DOCUMENTS [CHANGED_SHARE]]]
# Writes DOCUMENTS documents (the first ones of DOCS.jsonl, topped up with generated Markdown) into a folder
# source, reindexes them into an empty index (full), changes CHANGED_SHARE of them (default 0.01) and reindexes
# again (incremental). Reports passage embeddings computed and wall time of both runs and the ratios.
# One run, one machine, the real Redis 8 and the in-process embedding model.
set -euo pipefail
cd "$(dirname "$0")/.."
docs="${1:-../shared/eval/aws_docs_qa/docs.jsonl}"
[ -f "$docs" ] && docs=$(realpath "$docs") || docs=""
./mvnw -B test -Dtest=ReindexBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true \
  -Dbenchmark.docs="$docs" -Dbenchmark.documents="${2:-1000}" -Dbenchmark.changed="${3:-0.01}" \
  | grep -A40 '^BENCHMARK' | sed 's/^BENCHMARK //' | sed '/^}/q'
