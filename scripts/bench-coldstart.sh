#!/usr/bin/env bash
# Cold start: launch to first served request of the packaged function (target/function.zip + the embedding
# layer), run as the Lambda Java runtime runs it, against a bare Quarkus REST app packaged the same way.
#   scripts/bench-coldstart.sh [RUNS]
# Prints one JSON object (milliseconds, min/median/max, and the ratios to the bare app).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests -DskipInfra
./mvnw -B -q -f scripts/bench-coldstart/bare-app/pom.xml package -DskipTests
./mvnw -B failsafe:integration-test -Dit.test=ColdStartBenchmark -Dbenchmark=true -Dbenchmark.runs="${1:-5}" \
  | grep '^BENCHMARK' | sed 's/^BENCHMARK //'
