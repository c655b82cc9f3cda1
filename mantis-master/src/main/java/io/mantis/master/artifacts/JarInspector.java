package io.mantis.master.artifacts;

import io.mantis.master.artifacts.JobDescription.ParameterDescription;
import io.mantis.master.artifacts.JobDescription.StageDescription;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.loading.JobJarClassLoader;
import io.mantis.sdk.MachineDefinition;
import io.mantis.sdk.ParameterDefinition;
import io.mantis.sdk.Stage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

/**
 * Reads what a job JAR declares: loads its {@link JobProvider} (named in {@code META-INF/services/io.mantis.sdk.JobProvider}
 * or the manifest attribute {@value JobProvider#MANIFEST_ATTRIBUTE}) in a class loader of the JAR's own, calls
 * {@code job()} and describes the job. The class loader is closed before returning.
 *
 * <p>Stage kinds: "toKeyed" for a stage whose output is keyed; "perKey" for a stage fed by a keyed stage (it sees
 * each key on one worker); "scalar" otherwise. The SDK builds {@code Stage.perKey} as a scalar stage, so the kind
 * is read from the keyed stage before it.
 *
 * <p>The provider is user code: it runs on a thread of its own and is given up on after a timeout.
 *
 * <p>Thread-safe and stateless; {@link #inspect} may run concurrently.
 */
public final class JarInspector {

    static final String SERVICE_FILE = "META-INF/services/" + JobProvider.class.getName();

    private final Duration timeout;

    /** @param timeout how long the provider's constructor and {@code job()} may take */
    public JarInspector(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    /** A provider gets 30 seconds. */
    public JarInspector() {
        this(Duration.ofSeconds(30));
    }

    /**
     * @throws InvalidArtifactException when the file is not a JAR, declares no job (or several), its provider is
     *                                  missing from it or fails; the message says which and what to do
     */
    public JobDescription inspect(Path jar) {
        Objects.requireNonNull(jar, "jar is null");
        String provider = declaredProvider(jar);
        try (JobJarClassLoader loader = new JobJarClassLoader("job-jar:" + jar.getFileName(),
                jar.toUri().toURL(), JobProvider.class.getClassLoader())) {
            return describe(runProvider(provider, loader));
        } catch (MalformedURLException e) {
            throw new InvalidArtifactException("the JAR's path " + jar + " is not a valid URL: " + e, e);
        } catch (IOException e) {
            // Closing the loader failed; the description is complete, but the JAR may stay open.
            throw new InvalidArtifactException("cannot close the JAR " + jar + " after reading it: " + e, e);
        }
    }

    private static String declaredProvider(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Set<String> declared = new LinkedHashSet<>(serviceFileNames(file));
            Manifest manifest = file.getManifest();
            String attribute = manifest == null ? null
                    : manifest.getMainAttributes().getValue(new Attributes.Name(JobProvider.MANIFEST_ATTRIBUTE));
            if (attribute != null && !attribute.isBlank()) {
                declared.add(attribute.strip());
            }
            if (declared.isEmpty()) {
                throw new InvalidArtifactException("the JAR declares no job: add " + SERVICE_FILE
                        + " or a " + JobProvider.MANIFEST_ATTRIBUTE + " manifest entry naming your JobProvider class");
            }
            if (declared.size() > 1) {
                throw new InvalidArtifactException("the JAR declares " + declared.size() + " job providers " + declared
                        + ": a JAR holds one job; keep exactly one in " + SERVICE_FILE + " and the manifest");
            }
            String provider = declared.iterator().next();
            if (file.getJarEntry(provider.replace('.', '/') + ".class") == null) {
                throw new InvalidArtifactException("job provider " + provider + " not found in the JAR: check the "
                        + "class name (a nested class is Outer$Inner) and that the class is packaged");
            }
            return provider;
        } catch (ZipException e) {
            throw new InvalidArtifactException("not a JAR (zip) file: " + e.getMessage()
                    + ": upload the .jar that 'mvn package' builds", e);
        } catch (IOException | SecurityException e) {
            throw new InvalidArtifactException("cannot read the JAR: " + e + ": build and upload it again", e);
        }
    }

    private static List<String> serviceFileNames(JarFile file) throws IOException {
        JarEntry entry = file.getJarEntry(SERVICE_FILE);
        if (entry == null) {
            return List.of();
        }
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(line -> (line.indexOf('#') >= 0 ? line.substring(0, line.indexOf('#')) : line).strip())
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
    }

    private Job<?> runProvider(String provider, JobJarClassLoader loader) {
        FutureTask<Job<?>> task = new FutureTask<>(() -> instantiate(provider, loader).job());
        Thread thread = new Thread(task, "jar-inspector:" + provider);
        thread.setDaemon(true);
        thread.setContextClassLoader(loader);
        thread.start();
        Job<?> job;
        try {
            job = task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new InvalidArtifactException("job provider failed: " + provider + " did not return its job within "
                    + timeout.toSeconds() + " s: job() must only build the job, not run it");
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new InvalidArtifactException("interrupted while reading the job of " + provider, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidArtifactException invalid) {
                throw invalid;
            }
            if (cause instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            throw new InvalidArtifactException("job provider failed: " + provider + ".job() threw " + cause, cause);
        }
        if (job == null) {
            throw new InvalidArtifactException("job provider failed: " + provider + ".job() returned null: return "
                    + "the job built with Job.named(...)...sink(...)");
        }
        return job;
    }

    private static JobProvider instantiate(String provider, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(provider, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidArtifactException("job provider failed: " + provider + " cannot be loaded: " + e
                    + ": package the classes it needs into the JAR and compile for Java "
                    + Runtime.version().feature() + " or older", e);
        }
        if (type.getClassLoader() != loader) {
            throw new InvalidArtifactException("job provider failed: " + provider + " is in a package the platform "
                    + "shares with every job (" + String.join(", ", JobJarClassLoader.SHARED)
                    + "): move it to a package of your own");
        }
        if (!JobProvider.class.isAssignableFrom(type)) {
            throw new InvalidArtifactException("job provider failed: " + provider + " does not implement "
                    + JobProvider.class.getName());
        }
        try {
            return type.asSubclass(JobProvider.class).getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new InvalidArtifactException("job provider failed: " + provider + " needs to be a public class "
                    + "with a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new InvalidArtifactException("job provider failed: " + provider + "'s constructor threw "
                    + e.getCause(), e.getCause());
        } catch (InstantiationException e) {
            throw new InvalidArtifactException("job provider failed: " + provider + " is abstract", e);
        }
    }

    private static JobDescription describe(Job<?> job) {
        List<StageDescription> stages = new ArrayList<>();
        boolean fedByKeyed = false;
        for (Stage<?, ?> stage : job.stages()) {
            String kind = stage.isKeyed() ? "toKeyed" : fedByKeyed ? "perKey" : "scalar";
            MachineDefinition m = stage.machine();
            stages.add(new StageDescription(stages.size() + 1, stage.name(), kind, stage.workers(), m.cpus(),
                    m.memoryMB(), m.networkMbps(), m.diskMB()));
            fedByKeyed = stage.isKeyed();
        }
        List<ParameterDescription> parameters = new ArrayList<>();
        for (ParameterDefinition<?> p : job.parameters()) {
            parameters.add(new ParameterDescription(p.name(), p.typeName(), p.isRequired(),
                    p.defaultValue().map(String::valueOf).orElse(null), p.description()));
        }
        return new JobDescription(job.name(), job.description(), stages, parameters);
    }
}
