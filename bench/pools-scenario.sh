#!/usr/bin/env bash
# Pool scenario (not a timed test): on an embedded cluster as `mantis up` runs it (1 perpetual agent, a transient
# pool of 1 to 4 agents of 4 cpus that scales by its rule), one perpetual sine wave runs while a burst of interactive
# (TRANSIENT) sine waves arrives, more than one agent holds; a client subscribes to each, stays, and leaves, so each
# job ends by its subscription timeout. Prints a timeline of agents per pool per state, the time from the last
# interactive job ending to the transient pool back at its minimum, agent-seconds against a fixed pool sized for the
# peak, the scale actions, and the workers ever placed across pools (must be 0; exit 1 otherwise).
#
#   bash bench/pools-scenario.sh                       # burst of 4, clients stay 8 s, subscription timeout 60 s
#   bash bench/pools-scenario.sh --burst 4 --cool-down 3 --max-agents 3 --session 5 --subscription-timeout 15
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

# Worker JVMs run on this JVM's class path. slf4j-simple at WARN keeps the master's INFO lines out of the report;
# the timeline and the scale actions show what the pools did.
exec java -Xms512m -Xmx1g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.sineWaveJar="$sine_wave_jar" \
  -cp "$classpath" \
  io.mantis.bench.pools.PoolsScenario "$@"
