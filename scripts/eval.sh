#!/usr/bin/env bash
# Retrieval evaluation: scripts/eval.sh DOCS.jsonl QA.jsonl [OFFTOPIC_QA.jsonl]
# OFFTOPIC_QA: questions of another corpus, counted as unanswerable to measure the grounding gate.
# Ingests DOCS into an isolated index of a local Redis 8 (scripts/redis.sh), asks every question of QA,
# and prints one JSON object (recall@1/5/10, MRR, nDCG@10 for ragtune and a plain-vector baseline) last.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/eval.sh DOCS.jsonl QA.jsonl" >&2; exit 2; }
docs=$(realpath "$1"); qa=$(realpath "$2"); offtopic=${3:+$(realpath "$3")}
export RAGTUNE_REDIS_URL; RAGTUNE_REDIS_URL=$(scripts/redis.sh start)
./mvnw -q -B test-compile >&2
exec ./mvnw -q -B ${RAGTUNE_EVAL_OPTS:-} exec:java -Dexec.mainClass=dev.ragtune.eval.EvaluationCommand -Dexec.args="$docs $qa $offtopic"
