package io.mantis.bench.run;

import io.mantis.bench.common.SinkStats;

/**
 * One system under test. {@link #run} performs one complete run of the workload described by the spec and
 * returns what its sink measured, or throws: a run that failed must never yield a figure.
 */
public interface DataPlaneSystem {

    /** The row label in the report. */
    String label();

    SinkStats run(RunSpec spec) throws Exception;
}
