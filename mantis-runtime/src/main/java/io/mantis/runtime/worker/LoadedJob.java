package io.mantis.runtime.worker;

import io.mantis.sdk.Job;
import java.io.IOException;
import java.net.URLClassLoader;
import java.util.Objects;

/**
 * A job taken out of a job JAR by {@link JobJarLoader#load}, with the class loader its code lives in.
 *
 * <p>The job's stages, source and sink are code of the JAR: they may load more of its classes at any
 * time while they run. Close this only after the job's last worker using it has ended; after
 * {@link #close()} such late class loading fails with {@link NoClassDefFoundError}.
 *
 * @param job           the job the JAR's provider returned, never null
 * @param providerClass the binary name of the {@link io.mantis.sdk.JobProvider} the JAR declares
 * @param classLoader   the JAR's own class loader; it shares the SDK, RxJava, Reactive Streams, Jackson and
 *                      Micrometer with the runtime and loads everything else from the JAR first
 */
public record LoadedJob(Job<?> job, String providerClass, URLClassLoader classLoader) implements AutoCloseable {

    public LoadedJob {
        Objects.requireNonNull(job, "job is null");
        Objects.requireNonNull(providerClass, "providerClass is null");
        Objects.requireNonNull(classLoader, "classLoader is null");
    }

    /** Closes the JAR's class loader, releasing the open JAR file. Idempotent. */
    @Override
    public void close() throws IOException {
        classLoader.close();
    }
}
