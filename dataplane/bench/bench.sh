#!/usr/bin/env bash
# Builds the engine and bench modules if needed and runs io.quiver.bench.BenchMain with the
# project's JVM flags: `dataplane/bench/bench.sh [--quick] [--dataset ...]`, or `... jmh [JMH args]`.
# The run uses a private copy of the classes, so rebuilding during a long run is safe.
set -euo pipefail
# shellcheck source=../../scripts/env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/env.sh"
BENCH="$QUIVER_HOME/dataplane/bench"
if [ ! -f "$BENCH/target/classpath.txt" ] || [ -n "$(find "$QUIVER_HOME/dataplane/engine/src" "$BENCH/src" -newer "$BENCH/target/classpath.txt" -print -quit)" ]; then
  (cd "$QUIVER_HOME/dataplane" && mvn -B -q -pl engine,bench -am install -DskipTests) >&2
  touch "$BENCH/target/classpath.txt"
fi
SNAPSHOT="$(mktemp -d "${TMPDIR:-/tmp}/quiver-bench-classes.XXXXXX")"
trap 'rm -rf "$SNAPSHOT"' EXIT
cp -r "$BENCH/target/classes" "$SNAPSHOT/bench-classes"
CP="$SNAPSHOT/bench-classes"
IFS=':' read -r -a JARS < "$BENCH/target/classpath.txt"
for jar in "${JARS[@]}"; do
  case "$jar" in
    "$QUIVER_HOME"/*) cp "$jar" "$SNAPSHOT/" && CP="$CP:$SNAPSHOT/$(basename "$jar")" ;;
    *) CP="$CP:$jar" ;;
  esac
done
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $QUIVER_JVM_FLAGS -Xms2g -Xmx8g -XX:+UseParallelGC -Djava.awt.headless=true \
  -Dquiver.home="$QUIVER_HOME" ${QUIVER_BENCH_JVM_OPTS:-} \
  -cp "$CP" io.quiver.bench.BenchMain "$@"
