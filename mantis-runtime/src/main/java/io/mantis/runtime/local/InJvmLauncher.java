package io.mantis.runtime.local;

import io.mantis.runtime.worker.Assignment;
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

    InJvmLauncher(Job<?> job, ParameterValues parameters, Consumer<Object> output) {
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
    }
}
