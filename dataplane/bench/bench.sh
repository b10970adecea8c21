#!/usr/bin/env bash
# Builds the engine and bench modules if needed and runs io.quiver.bench.BenchMain with the
# project's JVM flags: `dataplane/bench/bench.sh [--quick] [--dataset ...]`, or `... jmh [JMH args]`.
set -euo pipefail
# shellcheck source=../../scripts/env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/env.sh"
BENCH="$QUIVER_HOME/dataplane/bench"
if [ ! -f "$BENCH/target/classpath.txt" ] || [ -n "$(find "$QUIVER_HOME/dataplane/engine/src" "$BENCH/src" -newer "$BENCH/target/classpath.txt" -print -quit)" ]; then
  (cd "$QUIVER_HOME/dataplane" && mvn -B -q -pl engine,bench -am install -DskipTests) >&2
fi
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $QUIVER_JVM_FLAGS -Xms2g -Xmx8g -XX:+UseParallelGC -Djava.awt.headless=true \
  -Dquiver.home="$QUIVER_HOME" ${QUIVER_BENCH_JVM_OPTS:-} \
  -cp "$BENCH/target/classes:$(cat "$BENCH/target/classpath.txt")" io.quiver.bench.BenchMain "$@"
