package io.mantis.executor.mesos;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.random.RandomGenerator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mantis custom executor for Mesos: started by a Mesos agent in the task's container with the {@code MESOS_*}
 * environment (see {@link ExecutorEnvironment}), it subscribes to the agent's v1 executor API and runs the worker
 * of the task it is given. Exit codes: 0 when its task ended and was acknowledged or after SHUTDOWN, 1 when the
 * agent reported an error or could not be reached, 2 when the environment is incomplete.
 */
public final class MesosExecutorMain {

    private static final Logger LOG = LoggerFactory.getLogger(MesosExecutorMain.class);

    private MesosExecutorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(System.getenv()));
    }

    /** Runs the executor until it is done. @return the process's exit code */
    static int run(Map<String, String> environment) {
        ExecutorEnvironment env;
        try {
            env = ExecutorEnvironment.from(environment);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        LOG.info("executor {} of framework {} starting; agent {}, sandbox {}, checkpoint {}", env.executorId(),
                env.frameworkId(), env.agentEndpoint(), env.sandbox(), env.checkpoint());
        ExecutorService workerThreads = Executors.newCachedThreadPool(daemons("worker"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemons("timer"));
        ExecutorService sender = Executors.newSingleThreadExecutor(daemons("sender"));
        AgentClient agent = new AgentClient(env.executorApi(), Duration.ofSeconds(10));
        MesosExecutor executor = new MesosExecutor(env, agent, new SandboxLaunches(env.sandbox(), ownClassPath()),
                workerThreads, timer, sender, Clock.systemUTC());
        AgentSession session = new AgentSession(env, agent, executor, Clock.systemUTC(), RandomGenerator.getDefault());
        Thread subscriber = daemons("subscription").newThread(() -> {
            try {
                session.run();
            } catch (RuntimeException | Error e) {
                LOG.error("the subscription failed", e);
                executor.finished().complete(1);
            }
        });
        subscriber.start();
        int code = executor.finished().join();
        executor.close();
        LOG.info("executor {} exiting with code {}", env.executorId(), code);
        return code;
    }

    /** This JVM's class path with absolute entries: workers run in their own directories. */
    private static String ownClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "mesos-executor-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
