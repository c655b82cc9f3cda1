package io.mantis.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.worker.JobJarLoader;
import io.mantis.runtime.worker.LoadedJob;
import io.mantis.runtime.worker.fixtures.GoodProvider;
import io.mantis.runtime.worker.fixtures.NullProvider;
import io.mantis.sdk.JobProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJarBuilderTest {

    private static final String SERVICE_FILE = "META-INF/services/io.mantis.sdk.JobProvider";
    private static final String FIXTURES = "io/mantis/runtime/worker/fixtures/";

    @TempDir
    Path dir;

    @Test
    void copiesTheProvidersPackageAndSubpackagesAndDeclaresItInTheServiceFile() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("good.jar"));

        Set<String> names = entryNames(jar);
        assertTrue(names.contains(FIXTURES + "GoodProvider.class"), names::toString);
        assertTrue(names.contains(FIXTURES + "NullProvider.class"), names::toString);
        assertTrue(names.contains(FIXTURES + "package-info.class"), names::toString);
        assertTrue(names.contains(FIXTURES + "support/Words.class"), names::toString);
        for (String name : names) {
            assertTrue(name.startsWith(FIXTURES) || name.startsWith("META-INF/"), () -> "unexpected " + name);
        }
        assertEquals(List.of(GoodProvider.class.getName()), serviceLines(jar));
        assertNull(manifestAttribute(jar));
    }

    @Test
    void copiesTheClassFilesByteForByte() throws Exception {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("good.jar"));
        byte[] original;
        try (InputStream in = GoodProvider.class.getResourceAsStream("GoodProvider.class")) {
            original = in.readAllBytes();
        }

        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry(FIXTURES + "GoodProvider.class");
            try (InputStream in = file.getInputStream(entry)) {
                assertTrue(java.util.Arrays.equals(original, in.readAllBytes()));
            }
        }
    }

    @Test
    void declareInManifestUsesTheManifestAttributeInstead() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).declareInManifest().writeTo(dir.resolve("m.jar"));

        assertEquals(GoodProvider.class.getName(), manifestAttribute(jar));
        assertFalse(entryNames(jar).contains(SERVICE_FILE));
    }

    @Test
    void withoutDeclarationDeclaresNothing() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).withoutDeclaration().writeTo(dir.resolve("n.jar"));

        assertNull(manifestAttribute(jar));
        assertFalse(entryNames(jar).contains(SERVICE_FILE));
        assertTrue(entryNames(jar).contains(FIXTURES + "GoodProvider.class"));
    }

    @Test
    void declareAlsoAddsANameToTheServiceFile() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).declareAlso(NullProvider.class.getName())
                .declareAlso("com.example.Absent")
                .writeTo(dir.resolve("two.jar"));

        assertEquals(List.of(GoodProvider.class.getName(), NullProvider.class.getName(), "com.example.Absent"),
                serviceLines(jar));
    }

    @Test
    void declareAlsoWithoutDeclarationDeclaresOnlyThatName() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).withoutDeclaration().declareInManifest()
                .declareAlso(NullProvider.class.getName())
                .writeTo(dir.resolve("other.jar"));

        assertEquals(List.of(NullProvider.class.getName()), serviceLines(jar));
        assertNull(manifestAttribute(jar));
    }

    @Test
    void addClassesCopiesTheClassWithItsNestedClassesOnly() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).addClasses(JobJarBuilderTest.class)
                .writeTo(dir.resolve("extra.jar"));

        Set<String> names = entryNames(jar);
        String self = "io/mantis/runtime/testing/JobJarBuilderTest";
        assertTrue(names.contains(self + ".class"), names::toString);
        assertTrue(names.contains(self + "$Nested.class"), names::toString);
        assertTrue(names.contains(self + "$Nested$Deeper.class"), names::toString);
        assertFalse(names.contains("io/mantis/runtime/testing/JobJarBuilder.class"), names::toString);
    }

    @Test
    void addClassesOfANestedClassCopiesItsOwnNestedClasses() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).addClasses(Nested.class)
                .writeTo(dir.resolve("nested.jar"));

        Set<String> names = entryNames(jar);
        String self = "io/mantis/runtime/testing/JobJarBuilderTest";
        assertTrue(names.contains(self + "$Nested.class"), names::toString);
        assertTrue(names.contains(self + "$Nested$Deeper.class"), names::toString);
        assertFalse(names.contains(self + ".class"), names::toString);
    }

    @Test
    void addClassesCopiesFromAnotherModulesClassDirectory() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).addClasses(JobProvider.class)
                .writeTo(dir.resolve("sdk.jar"));

        assertTrue(entryNames(jar).contains("io/mantis/sdk/JobProvider.class"));
    }

    @Test
    void copiesFromAJarWhenTheProviderWasLoadedFromOne() throws Exception {
        Path first = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("first.jar"));

        try (LoadedJob loaded = JobJarLoader.load(first)) {
            Class<? extends JobProvider> fromJar = loaded.classLoader().loadClass(GoodProvider.class.getName())
                    .asSubclass(JobProvider.class);
            assertSame(loaded.classLoader(), fromJar.getClassLoader(), "precondition");

            Path second = JobJarBuilder.forProvider(fromJar).declareInManifest().writeTo(dir.resolve("second.jar"));

            Set<String> firstClasses = classEntries(first);
            assertFalse(firstClasses.isEmpty());
            assertEquals(firstClasses, classEntries(second));
            assertEquals(GoodProvider.class.getName(), manifestAttribute(second));
        }
    }

    @Test
    void writeToReplacesAnExistingFileAndCanBeRepeated() throws IOException {
        Path jar = dir.resolve("again.jar");
        Files.writeString(jar, "old content");
        JobJarBuilder builder = JobJarBuilder.forProvider(GoodProvider.class);

        assertEquals(jar, builder.writeTo(jar));
        Set<String> once = entryNames(jar);
        builder.writeTo(jar);

        assertEquals(once, entryNames(jar));
    }

    @Test
    void writtenJarsLoad() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("good.jar"));

        try (LoadedJob loaded = JobJarLoader.load(jar)) {
            assertEquals(GoodProvider.JOB_NAME, loaded.job().name());
        }
    }

    @Test
    void notAJarWritesSomethingThatDoesNotOpenAsAZip() throws IOException {
        Path file = JobJarBuilder.notAJar(dir.resolve("garbage.jar"));

        assertEquals(dir.resolve("garbage.jar"), file);
        assertTrue(Files.size(file) > 0);
        assertThrows(ZipException.class, () -> new JarFile(file.toFile()).close());
    }

    @Test
    void classesWithoutClassFilesAreRejected() {
        JobJarBuilder builder = JobJarBuilder.forProvider(GoodProvider.class);

        assertThrows(IllegalArgumentException.class, () -> builder.addClasses(int.class));
        assertThrows(IllegalArgumentException.class, () -> builder.addClasses(String[].class));
        assertThrows(NullPointerException.class, () -> JobJarBuilder.forProvider(null));
    }

    @Test
    void classesOfTheJdkAreRejectedNamingTheClass() {
        JobJarBuilder builder = JobJarBuilder.forProvider(GoodProvider.class).addClasses(String.class);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.writeTo(dir.resolve("jdk.jar")));

        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    /** Gives {@link #addClasses} tests nested class files to find. */
    static final class Nested {
        static final class Deeper {
        }
    }

    private static Set<String> entryNames(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Set<String> names = new TreeSet<>();
            Collections.list(file.entries()).forEach(e -> names.add(e.getName()));
            return names;
        }
    }

    private static Set<String> classEntries(Path jar) throws IOException {
        Set<String> names = entryNames(jar);
        names.removeIf(name -> !name.endsWith(".class"));
        return names;
    }

    private static List<String> serviceLines(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry(SERVICE_FILE);
            if (entry == null) {
                return List.of();
            }
            try (InputStream in = file.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#"))
                        .toList();
            }
        }
    }

    private static String manifestAttribute(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() == null ? null
                    : file.getManifest().getMainAttributes().getValue(JobProvider.MANIFEST_ATTRIBUTE);
        }
    }
}
