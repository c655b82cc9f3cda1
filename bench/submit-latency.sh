#!/usr/bin/env bash
# Submit-latency benchmark: time from POST /api/v1/jobs to the first event on the sink's SSE stream, for the
# sine-wave example (two stages, one worker each) on an embedded cluster (master, ZooKeeper, two perpetual agents,
# started once), beside the same JAR started as worker processes directly by LocalJobRunner, in this one run.
# One warm-up of each, then --runs measured runs alternating the two; prints min/median/max, the ratio of medians
# and the control plane's median time to all workers STARTED.
#
#   bash bench/submit-latency.sh                 # 5 runs, ticksPerSecond=1000
#   bash bench/submit-latency.sh --runs 3 --ticks 200
#   bash bench/submit-latency.sh --keep          # keep the work directory with the agents' worker logs
#
# Builds first (profile "bench"; the default build never includes it); examples are packaged through -am.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
fi

target="$root/benchmarks/target"
classpath="$target/classes:$(cat "$target/harness.classpath")"
sine_wave_jar="$(ls "$root"/examples/target/examples-*-sine-wave.jar | head -n 1)"

# Worker JVMs (the agents' and the reference's) run on this JVM's class path, so both sides start alike. A fixed
# heap keeps heap sizing out of the comparison; slf4j-simple at WARN keeps the master's INFO lines out.
exec java -Xms1g -Xmx1g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.sineWaveJar="$sine_wave_jar" \
  -cp "$classpath" \
  io.mantis.bench.control.SubmitLatencyBenchmark "$@"
