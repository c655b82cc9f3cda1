package io.mantis.runtime.testing;

import io.mantis.runtime.local.LocalJobRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands each test a fresh {@link LocalJobRunner} and stops every job it started when
 * the test ends, whatever the outcome, so no worker outlives its test.
 *
 * <pre>{@code
 * @ExtendWith(LocalJobRunnerExtension.class)
 * class MyJobTest {
 *     @Test
 *     void countsEveryWord(LocalJobRunner runner) throws Exception {
 *         LocalJob job = runner.workers(2, 3).start(MyJob.job(), results::add);
 *         job.awaitCompletion(Duration.ofSeconds(30));
 *     }
 *
 *     @Test
 *     void survivesAsProcesses(@WorkerProcesses LocalJobRunner runner) { ... }
 * }
 * }</pre>
 */
public final class LocalJobRunnerExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LocalJobRunnerExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalJobRunner.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalJobRunner runner = parameter.isAnnotated(WorkerProcesses.class)
                ? LocalJobRunner.processes() : LocalJobRunner.inJvm();
        runners(context).add(runner);
        return runner;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<LocalJobRunner> runners = runners(context);
        for (LocalJobRunner r : runners) {
            r.close();
        }
        runners.clear();
    }

    @SuppressWarnings("unchecked")
    private static List<LocalJobRunner> runners(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("runners", k -> new ArrayList<LocalJobRunner>(),
                List.class);
    }
}
