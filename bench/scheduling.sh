#!/usr/bin/env bash
# Scheduling benchmark: WorkerScheduler (mantis-master) against raw Fenzo scheduleOnce on the same leases and
# workers, in this one run. Per size: one warm-up run of each, then --runs measured runs; prints min/median/max
# and the ratio of medians.
#
#   bash bench/scheduling.sh                          # 1,000 workers / 100 agents and 10,000 / 1,000, 5 runs
#   bash bench/scheduling.sh --sizes 1000x100 --runs 3
#
# Workers: 1 cpu, 1 GB, 3 ports; agents: 8 cpus, 32 GB, pool perpetual. WorkerScheduler is timed from the first
# submit to the last HostAssignment (leases already held); raw Fenzo is timed around scheduleOnce alone.
# Builds first (profile "bench"; the default build never includes it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
fi

target="$root/benchmarks/target"
classpath="$target/classes:$(cat "$target/harness.classpath")"

# A fixed heap keeps heap sizing out of the comparison; slf4j-simple at WARN keeps Fenzo's INFO lines out.
exec java -Xms1g -Xmx1g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$classpath" \
  io.mantis.bench.scheduling.SchedulingBenchmark "$@"
