package io.mantis.runtime.testing;

import io.mantis.runtime.worker.JobJarLoader;
import io.mantis.sdk.JobProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds job JARs on the fly, for tests and benchmarks of code that takes a job as a JAR (the worker's
 * {@code JobJarLoader}, the local runner in process mode, artifact upload).
 *
 * <pre>{@code
 * Path jar = JobJarBuilder.forProvider(WordCountProvider.class).writeTo(tempDir.resolve("word-count.jar"));
 * }</pre>
 *
 * <p>The JAR holds every class file of the provider's package and its subpackages, copied from where the
 * provider class was loaded (a class directory such as {@code target/test-classes}, or a JAR), plus the
 * classes given to {@link #addClasses}. By default it declares the provider in
 * {@code META-INF/services/io.mantis.sdk.JobProvider}; the other settings make the JARs a loader must reject.
 * Nothing else is copied, like a real job JAR, which leaves the SDK and its libraries to the worker.
 *
 * <p>A builder is mutable and not thread-safe; {@link #writeTo} may be called more than once.
 */
public final class JobJarBuilder {


    private final Class<? extends JobProvider> provider;
    private final List<Class<?>> extraClasses = new ArrayList<>();
    private final List<String> alsoDeclared = new ArrayList<>();
    private boolean inManifest;
    private boolean declared = true;

    private JobJarBuilder(Class<? extends JobProvider> provider) {
        this.provider = provider;
    }

    /** A JAR of {@code provider}'s package (and subpackages) that declares {@code provider} in its service file. */
    public static JobJarBuilder forProvider(Class<? extends JobProvider> provider) {
        Objects.requireNonNull(provider, "provider is null");
        if (provider.isArray() || provider.isPrimitive() || provider.isHidden()) {
            throw new IllegalArgumentException(provider + " has no class file to copy: pass a named class");
        }
        return new JobJarBuilder(provider);
    }

    /**
     * Writes bytes that are not a zip archive to {@code file}, for the "not a JAR" case.
     *
     * @return {@code file}
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Path notAJar(Path file) {
        Objects.requireNonNull(file, "file is null");
        try {
            Files.write(file, "this is not a zip archive\n\u0000\u0001\u0002".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Declares the provider with the manifest attribute {@value JobProvider#MANIFEST_ATTRIBUTE} instead. */
    public JobJarBuilder declareInManifest() {
        this.inManifest = true;
        return this;
    }

    /**
     * Also copies {@code more}, each with its nested, inner, local and anonymous classes (every
     * {@code Outer$*.class} beside {@code Outer.class}), from wherever it was loaded.
     */
    public JobJarBuilder addClasses(Class<?>... more) {
        Objects.requireNonNull(more, "more is null");
        for (Class<?> type : more) {
            Objects.requireNonNull(type, "a class to add is null");
            if (type.isArray() || type.isPrimitive() || type.isHidden()) {
                throw new IllegalArgumentException(type + " has no class file to copy: pass a named class");
            }
            extraClasses.add(type);
        }
        return this;
    }

    /**
     * Also names {@code className} in the service file, whatever it is and whether or not the JAR holds it:
     * with the provider, that makes a JAR declaring two jobs; with {@link #withoutDeclaration()}, a JAR
     * declaring just this name.
     */
    public JobJarBuilder declareAlso(String className) {
        Objects.requireNonNull(className, "className is null");
        alsoDeclared.add(className);
        return this;
    }

    /** Leaves the provider undeclared (names given to {@link #declareAlso} are still declared). */
    public JobJarBuilder withoutDeclaration() {
        this.declared = false;
        return this;
    }

    /**
     * Writes the JAR, replacing any file at {@code jar}.
     *
     * @return {@code jar}
     * @throws UncheckedIOException     when a class file cannot be read or the JAR cannot be written
     * @throws IllegalArgumentException when a class was not loaded from a class directory or a JAR file
     *                                  (a JDK class, say), naming it
     */
    public Path writeTo(Path jar) {
        Objects.requireNonNull(jar, "jar is null");
        // entry name -> bytes, sorted so the entry order does not depend on the file system
        Map<String, byte[]> entries = new TreeMap<>();
        try {
            String packagePath = provider.getPackageName().replace('.', '/');
            String prefix = packagePath.isEmpty() ? "" : packagePath + "/";
            copyFrom(provider, packagePath, name -> name.startsWith(prefix), entries);
            for (Class<?> type : extraClasses) {
                String outer = type.getName().replace('.', '/');
                copyFrom(type, type.getPackageName().replace('.', '/'),
                        name -> name.equals(outer + ".class") || name.startsWith(outer + "$"), entries);
                if (!entries.containsKey(outer + ".class")) {
                    throw new IllegalStateException("found no " + outer + ".class where " + type.getName()
                            + " was loaded from (" + root(type) + ")");
                }
            }
            write(jar, entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build job JAR " + jar + " for " + provider.getName(), e);
        }
        return jar;
    }

    private void write(Path jar, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Created-By", JobJarBuilder.class.getName());
        if (declared && inManifest) {
            main.putValue(JobProvider.MANIFEST_ATTRIBUTE, provider.getName());
        }
        Set<String> serviceLines = new LinkedHashSet<>();
        if (declared && !inManifest) {
            serviceLines.add(provider.getName());
        }
        serviceLines.addAll(alsoDeclared);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                putEntry(out, entry.getKey(), entry.getValue());
            }
            if (!serviceLines.isEmpty()) {
                String text = "# written by " + JobJarBuilder.class.getSimpleName() + "\n"
                        + String.join("\n", serviceLines) + "\n";
                putEntry(out, JobJarLoader.SERVICE_FILE, text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void putEntry(JarOutputStream out, String name, byte[] bytes) throws IOException {
        // Directory entries are optional in a JAR; class loaders find classes by entry name alone.
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /**
     * Copies the class files of {@code type}'s origin whose entry names pass {@code wanted}; in a class
     * directory only those under {@code packagePath} are looked at, as nothing else can pass.
     */
    private static void copyFrom(Class<?> type, String packagePath, Predicate<String> wanted,
                                 Map<String, byte[]> entries) throws IOException {
        Path root = root(type);
        if (Files.isDirectory(root)) {
            Path start = packagePath.isEmpty() ? root : root.resolve(packagePath);
            try (Stream<Path> files = Files.walk(start)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    String name = entryName(root, file);
                    if (Files.isRegularFile(file) && name.endsWith(".class") && wanted.test(name)) {
                        entries.put(name, Files.readAllBytes(file));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                Enumeration<JarEntry> all = jar.entries();
                while (all.hasMoreElements()) {
                    JarEntry entry = all.nextElement();
                    String name = entry.getName();
                    // META-INF/versions/ copies are left out: the JAR is written for the running Java.
                    if (!entry.isDirectory() && name.endsWith(".class") && !name.startsWith("META-INF/")
                            && wanted.test(name)) {
                        try (var in = jar.getInputStream(entry)) {
                            entries.put(name, in.readAllBytes());
                        }
                    }
                }
            }
        }
    }

    private static String entryName(Path root, Path file) {
        StringBuilder name = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }

    /** The class directory or JAR {@code type} was loaded from. */
    private static Path root(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !"file".equals(location.getProtocol())) {
            throw new IllegalArgumentException(type.getName() + " was not loaded from a class directory or a "
                    + "JAR file (its code source is " + location + "): load it from the class path");
        }
        try {
            return Path.of(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot turn the code source " + location + " of "
                    + type.getName() + " into a path: " + e, e);
        }
    }
}
