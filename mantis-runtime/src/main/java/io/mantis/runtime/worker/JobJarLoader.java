package io.mantis.runtime.worker;

import io.mantis.sdk.InvalidJobException;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.loading.JobJarClassLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Takes the job out of a job JAR: finds the JAR's {@link JobProvider} declaration, loads the provider in a
 * class loader of the JAR's own and calls {@link JobProvider#job()}.
 *
 * <p>Declaration: a JAR names its provider class in the service file
 * {@code META-INF/services/io.mantis.sdk.JobProvider} (one binary class name a line; {@code #} starts a
 * comment), in the manifest attribute {@value JobProvider#MANIFEST_ATTRIBUTE}, or in both. Together they
 * must name exactly one class. Only the JAR's own entries count: {@link java.util.ServiceLoader} would also
 * see providers on the runtime's class path, so the service file is read straight from the JAR.
 *
 * <p>Class loading: each JAR gets its own {@link URLClassLoader} whose parent is this class's loader. The
 * packages every job shares with the runtime ({@code io.mantis.sdk}, RxJava, Reactive Streams, Jackson,
 * Micrometer and the JDK's own) always come from the parent, so a {@code Job}, a {@code Flowable} or a
 * {@code MeterRegistry} means the same class on both sides even when the JAR bundles its own copy. Every
 * other class is looked up in the JAR first ("child-first"), so the job runs with the library versions it
 * was built against, and two JARs with classes of the same name do not see each other's.
 *
 * <p>Errors: every failure is an {@link InvalidJobException} whose message names the JAR, says what is
 * wrong and how to fix it; the class loader is closed before it is thrown. Errors that mean the JVM itself
 * is in trouble ({@link VirtualMachineError}) pass through unchanged.
 *
 * <p>Threading: stateless; {@link #load} may be called from several threads at once.
 */
public final class JobJarLoader {

    /** The JAR entry of the service-file declaration. */
    /** Where a job JAR names its {@code JobProvider} as a service. */
    public static final String SERVICE_FILE = "META-INF/services/" + JobProvider.class.getName();

    private static final String HOW_TO_DECLARE = "name your JobProvider class in the file " + SERVICE_FILE
            + " (one line, e.g. com.example.MyJobProvider), or in the manifest attribute '"
            + JobProvider.MANIFEST_ATTRIBUTE + ": com.example.MyJobProvider'";

    private JobJarLoader() {
    }

    /**
     * Loads the job {@code jar} declares.
     *
     * <p>The provider's constructor and {@code job()} run on the calling thread, with the JAR's class loader
     * as the thread's context class loader (libraries that look classes up by name find the JAR's).
     *
     * @param jar a job JAR file
     * @return the job and the class loader that holds its code; close it once the job has stopped
     * @throws InvalidJobException when the file is missing, unreadable or not a JAR, declares no job or
     *                             several, or its provider cannot be loaded, instantiated or fails to build
     *                             the job
     */
    public static LoadedJob load(Path jar) {
        Objects.requireNonNull(jar, "jar is null");
        String provider = findProvider(jar);
        JobJarClassLoader loader = new JobJarClassLoader("job-jar:" + jar.getFileName(), toUrl(jar),
                JobJarLoader.class.getClassLoader());
        try {
            return new LoadedJob(instantiate(jar, provider, loader), provider, loader);
        } catch (RuntimeException | Error e) {
            try {
                loader.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /** Checks the file and returns the one provider class it declares, which the JAR holds. */
    private static String findProvider(Path jar) {
        if (!Files.exists(jar)) {
            throw new InvalidJobException("job JAR " + jar + " does not exist: check the path (a relative path "
                    + "resolves against " + Path.of("").toAbsolutePath() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new InvalidJobException("job JAR " + jar + " is not a regular file: pass the .jar file that "
                    + "'mvn package' builds, not a directory");
        }
        if (!Files.isReadable(jar)) {
            throw new InvalidJobException("job JAR " + jar + " cannot be read by this process: fix its file "
                    + "permissions");
        }
        try (JarFile file = open(jar)) {
            String provider = theOneDeclaration(jar, file);
            String entry = provider.replace('.', '/') + ".class";
            if (file.getJarEntry(entry) == null) {
                throw new InvalidJobException("job JAR " + jar + " declares JobProvider class '" + provider
                        + "', but does not contain " + entry + ": check the name (binary form, a nested class "
                        + "is Outer$Inner) or package the class into the JAR");
            }
            return provider;
        } catch (IOException | SecurityException e) {
            // The JAR opened as a zip, so it is damaged inside or its signature does not verify.
            throw new InvalidJobException("job JAR " + jar + " cannot be read: " + e
                    + ": build and upload it again", e);
        }
    }

    private static JarFile open(Path jar) {
        try {
            // Multi-release aware, so a provider kept under META-INF/versions/ is found as the loader will.
            return new JarFile(jar.toFile(), true, ZipFile.OPEN_READ, Runtime.version());
        } catch (ZipException e) {
            throw new InvalidJobException("job JAR " + jar + " is not a JAR file (zip): " + e.getMessage()
                    + ": pass the .jar file that 'mvn package' or 'jar --create' builds", e);
        } catch (IOException | SecurityException e) {
            throw new InvalidJobException("job JAR " + jar + " cannot be read: " + e, e);
        }
    }

    private static String theOneDeclaration(Path jar, JarFile file) throws IOException {
        // class name -> where it is declared, in declaration order, for the error messages
        Map<String, String> declared = new LinkedHashMap<>();
        for (String name : serviceFileNames(file)) {
            declared.merge(name, "service file " + SERVICE_FILE, JobJarLoader::both);
        }
        Manifest manifest = file.getManifest();
        String attribute = manifest == null ? null
                : manifest.getMainAttributes().getValue(new Attributes.Name(JobProvider.MANIFEST_ATTRIBUTE));
        if (attribute != null && !attribute.isBlank()) {
            declared.merge(attribute.trim(), "manifest attribute " + JobProvider.MANIFEST_ATTRIBUTE,
                    JobJarLoader::both);
        }
        if (declared.isEmpty()) {
            throw new InvalidJobException("job JAR " + jar + " declares no job: " + HOW_TO_DECLARE);
        }
        if (declared.size() > 1) {
            throw new InvalidJobException("job JAR " + jar + " declares " + declared.size() + " jobs: "
                    + declared.entrySet().stream()
                            .map(d -> d.getKey() + " (in the " + d.getValue() + ")")
                            .collect(Collectors.joining(", "))
                    + ": keep exactly one; a JAR holds one job");
        }
        return declared.keySet().iterator().next();
    }

    private static String both(String first, String second) {
        return first.equals(second) ? first : first + " and the " + second;
    }

    /** The class names of the JAR's own service file, as {@link java.util.ServiceLoader} reads them. */
    private static List<String> serviceFileNames(JarFile file) throws IOException {
        JarEntry entry = file.getJarEntry(SERVICE_FILE);
        if (entry == null) {
            return List.of();
        }
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(line -> {
                        int comment = line.indexOf('#');
                        return (comment >= 0 ? line.substring(0, comment) : line).strip();
                    })
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new InvalidJobException("job JAR " + jar + " has a path that is not a valid URL: " + e, e);
        }
    }

    private static Job<?> instantiate(Path jar, String provider, JobJarClassLoader loader) {
        String what = "job JAR " + jar + ": provider class " + provider;
        Class<?> type;
        try {
            type = Class.forName(provider, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidJobException(what + " cannot be loaded: " + e + ": package the classes it needs "
                    + "into the JAR and compile for Java " + Runtime.version().feature() + " or older", e);
        }
        if (type.getClassLoader() != loader) {
            throw new InvalidJobException(what + " is in a package the runtime shares with every job ("
                    + String.join(", ", JobJarClassLoader.SHARED) + "), so the JAR's copy is never used: move it "
                    + "to a package of your own");
        }
        if (!JobProvider.class.isAssignableFrom(type)) {
            throw new InvalidJobException(what + " does not implement " + JobProvider.class.getName()
                    + ": declare a class that implements it and returns the job from job()");
        }
        int modifiers = type.getModifiers();
        if (type.isInterface() || Modifier.isAbstract(modifiers)) {
            throw new InvalidJobException(what + " is abstract: declare a concrete class");
        }
        if (!Modifier.isPublic(modifiers)) {
            throw new InvalidJobException(what + " is not public: make it public (and static, if it is a "
                    + "nested class)");
        }
        Constructor<? extends JobProvider> constructor;
        try {
            constructor = type.asSubclass(JobProvider.class).getConstructor();
        } catch (NoSuchMethodException e) {
            throw new InvalidJobException(what + " has no public no-argument constructor: add one"
                    + (type.isMemberClass() && !Modifier.isStatic(modifiers) ? " and make the class static" : ""),
                    e);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            JobProvider instance = construct(what, constructor);
            Job<?> job;
            try {
                job = instance.job();
            } catch (Exception | LinkageError e) {
                throw new InvalidJobException(what + ": job() threw " + e + ": fix the job definition "
                        + "(the cause is attached)", e);
            }
            if (job == null) {
                throw new InvalidJobException(what + ": job() returned null: return the job, built with "
                        + "Job.named(...)...sink(...)");
            }
            return job;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static JobProvider construct(String what, Constructor<? extends JobProvider> constructor) {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            throw new InvalidJobException(what + ": its constructor threw " + cause + ": fix the constructor "
                    + "(the cause is attached)", cause);
        } catch (ExceptionInInitializerError e) {
            throw new InvalidJobException(what + ": its static initializer threw " + e.getCause()
                    + ": fix the initializer (the cause is attached)", e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new InvalidJobException(what + " cannot be instantiated: " + e, e);
        }
    }

    /**
     * The class loader of one job JAR: parent-first for the packages shared with the runtime, child-first
     * (the JAR, then the parent) for everything else, for classes and for {@link #getResource}.
     */
}
