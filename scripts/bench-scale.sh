#!/usr/bin/env bash
# Scale benchmark of the Vector Sets index: scripts/bench-scale.sh [DOCS.jsonl [QA.jsonl]]
# For each size N (10000, 50000, 200000 chunks; -Dscale.sizes) writes N synthetic chunks (whole corpus sentences,
# precomputed bge-small vectors with noise) into a fresh index and measures client-side lexical and hybrid search
# p50/p99 (query embedding excluded), Redis's main-thread time per hybrid search (slow log; VSIM runs on a worker
# thread and is reported apart as vsim_p50_ms) and memory per chunk (used_memory delta / N).
# Then compares a small tenant (~40 real documents) sharing Redis with a large one (-Dscale.big chunks) against the
# same documents alone: top-5 overlap for vector, lexical and hybrid search on the QA questions.
# Prints one JSON object last:
#   {"scale": [{"chunks", "lexical_p50_ms", "lexical_p99_ms", "hybrid_p50_ms", "hybrid_p99_ms",
#               "redis_blocked_p50_ms", "redis_blocked_p99_ms", "vsim_p50_ms", "memory_per_chunk_bytes",
#               "write_chunks_per_s"}, ...],
#    "small_tenant_top5_overlap": {"vector", "lexical", "hybrid", ...}, ...}
# Knobs as -D options in RAGTUNE_BENCH_OPTS (see dev.ragtune.eval.ScaleBenchmark), e.g. a quick run:
#   RAGTUNE_BENCH_OPTS="-Dscale.sizes=2000 -Dscale.big=3000 -Dscale.queries=30" scripts/bench-scale.sh
# Uses $RAGTUNE_REDIS_URL when it answers VADD, else a local Redis 8 (scripts/redis.sh); every index it writes is
# removed at the end unless -Dscale.keep=true.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=$(realpath "${1:-../shared/eval/aws_docs_qa/docs.jsonl}"); qa=$(realpath "${2:-../shared/eval/aws_docs_qa/qa.jsonl}")
export RAGTUNE_REDIS_URL; RAGTUNE_REDIS_URL=$(scripts/redis.sh start)
./mvnw -q -B test-compile >&2
# exec:java runs the main inside Maven's JVM, so -D options on this command line are its system properties
exec ./mvnw -q -B ${RAGTUNE_BENCH_OPTS:-} exec:java -Dexec.mainClass=dev.ragtune.eval.ScaleBenchmark -Dexec.args="$docs $qa"
