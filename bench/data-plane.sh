#!/usr/bin/env bash
# Data-plane benchmark: our keyed two-stage pipeline (two worker processes, and in one JVM) beside the
# raw-Netty reference and Flink local, all measured in this one run. Prints machine facts and a table.
#
#   bash bench/data-plane.sh            # full run: 10M events x 3 runs per system, 5 s latency runs
#   bash bench/data-plane.sh --quick    # smoke run: 1M events x 3 runs, 2 s latency runs
#   bash bench/data-plane.sh --systems netty,flink --events 20M --runs 5
#
# Every option is described by --help. Builds first (profile "bench"; the default build never includes it).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  mvn -q -Pbench -pl benchmarks -am package -DskipTests
fi

target="$root/benchmarks/target"
job_jar="$(ls "$target"/benchmarks-*-job.jar | head -n 1)"
classpath="$target/classes:$(cat "$target/harness.classpath")"

# Flink 1.20 on JDK 17 reflects into these JDK packages (the same list Flink's own launcher passes).
flink_opens=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.management/sun.management=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

# The harness JVM hosts the raw-Netty sender, Flink's MiniCluster and the in-JVM Mantis workers: a fixed
# 2 GiB heap keeps heap sizing out of the comparison. Child JVMs (Mantis workers, Netty receiver) get
# -Xms1g -Xmx1g unless --child-jvm-opts says otherwise. slf4j-simple logs at WARN only; Flink, whose
# MiniCluster warns about missing log files and delegation tokens on every start, at ERROR.
exec java -Xms2g -Xmx2g \
  "${flink_opens[@]}" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.flink=error \
  -Dbench.jobJar="$job_jar" \
  -cp "$classpath" \
  io.mantis.bench.harness.DataPlaneBenchmark "$@"
