#!/usr/bin/env bash
# Loopback load test, printed as one JSON object (the line starting with BENCHMARK):
#   scripts/bench-load.sh [REQUESTS [CONCURRENCY [DEADLINE_SECONDS]]]
# 20 short documents, then REQUESTS POST /search and REQUESTS POST /ask (model stub answering at once)
# from CONCURRENCY java.net.http clients to 127.0.0.1 with a real API key; per endpoint: count, errors
# (non-2xx and exceptions), p50/p90/p99/max ms and throughput. The real Redis 8 and the running application.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B test -Dtest=LoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true -DskipInfra \
  -Dquarkus.lambda.mock-event-server.test-port=0 -Dquarkus.http.test-port=0 \
  -Dbenchmark.requests="${1:-1000}" -Dbenchmark.concurrency="${2:-16}" -Dbenchmark.deadline-seconds="${3:-600}" \
  | grep -A60 '^BENCHMARK' | sed 's/^BENCHMARK //' | sed '/^}/q'
