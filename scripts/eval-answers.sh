#!/usr/bin/env bash
# Answer evaluation with a judge: scripts/eval-answers.sh QA.jsonl [DOCS.jsonl]
# Asks a running ragtune (RAGTUNE_URL, default http://localhost:8080; key RAGTUNE_API_KEY, default the dev key) every
# question of QA.jsonl through POST /ask, so with the answering model ragtune is configured with; DOCS.jsonl, when given,
# is ingested first. A judge model (RAGTUNE_JUDGE_BASE_URL, RAGTUNE_JUDGE_API_KEY, RAGTUNE_JUDGE_MODEL; any
# OpenAI-compatible API) grades each answer against the passages it cites. Prints one JSON object last: faithfulness,
# answer_relevance, citation_precision, citation_recall, source_overlap, refusal {unanswerable_refused,
# answerable_refused} and per_question rows.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: scripts/eval-answers.sh QA.jsonl [DOCS.jsonl]" >&2; exit 2; }
[ -n "${RAGTUNE_JUDGE_BASE_URL:-}" ] || { echo "set RAGTUNE_JUDGE_BASE_URL (and RAGTUNE_JUDGE_API_KEY, RAGTUNE_JUDGE_MODEL)" >&2; exit 2; }
qa=$(realpath "$1"); docs=${2:+$(realpath "$2")}
./mvnw -q -B test-compile >&2
exec ./mvnw -q -B exec:java -Dexec.mainClass=dev.ragtune.eval.AnswerEvaluationCommand -Dexec.args="$qa $docs"
