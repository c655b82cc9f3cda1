package io.mantis.runtime.local;

import io.mantis.runtime.worker.Assignment;
import io.mantis.runtime.worker.LoadedJob;
import io.mantis.runtime.worker.StageWorker;
import io.mantis.sdk.Job;
import io.mantis.sdk.ParameterValues;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs workers as threads of this JVM, sharing one Netty event loop group sized to the machine. */
final class InJvmLauncher implements WorkerLauncher {

    private final Job<?> job;
    private final ParameterValues parameters;
    private final Consumer<Object> output;
    private final EventLoopGroup group = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));

    /** The job's JAR, when it came from one; closed with the launcher. */
    private final LoadedJob jar;

    InJvmLauncher(Job<?> job, ParameterValues parameters, Consumer<Object> output, LoadedJob jar) {
        this.jar = jar;
        this.job = job;
        this.parameters = parameters;
        this.output = output;
    }

    @Override
    public RunningWorker launch(Assignment assignment) throws InterruptedException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StageWorker worker = new StageWorker(job, assignment, parameters, group, registry,
                assignment.isLastStage() ? output : null);
        return InJvmWorker.start(worker, assignment);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (jar != null) {
            try {
                jar.close();
            } catch (java.io.IOException e) {
                // The JAR stays open until exit; the job is over either way.
            }
        }
    }
}
