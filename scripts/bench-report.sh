#!/usr/bin/env bash
# Dataset report benchmark, printed as one JSON object:
#   scripts/bench-report.sh [SIZES]          (default 50,1000,5000)
# Builds synthetic support sets of each size (with planted repeats), times embedding, analysis and the whole report,
# and the near-duplicate check hashed (now) and over every pair (before). In-process embedding model, no Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B test -DskipInfra -Dtest=ReportBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true \
  -Dbenchmark.sizes="${1:-50,1000,5000}" \
  | grep -A20 '^BENCHMARK' | sed 's/^BENCHMARK //' | sed '/^}/q'
