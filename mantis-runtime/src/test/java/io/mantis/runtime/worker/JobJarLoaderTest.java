package io.mantis.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.runtime.testing.JobJarBuilder;
import io.mantis.runtime.worker.fixtures.FixtureFailure;
import io.mantis.runtime.worker.fixtures.GoodProvider;
import io.mantis.runtime.worker.fixtures.InvalidJobProvider;
import io.mantis.runtime.worker.fixtures.NoDefaultConstructorProvider;
import io.mantis.runtime.worker.fixtures.NotAProvider;
import io.mantis.runtime.worker.fixtures.NullProvider;
import io.mantis.runtime.worker.fixtures.ThrowingConstructorProvider;
import io.mantis.runtime.worker.fixtures.ThrowingProvider;
import io.mantis.runtime.worker.fixtures.support.Words;
import io.mantis.sdk.InvalidJobException;
import io.mantis.sdk.Job;
import io.mantis.sdk.JobProvider;
import io.mantis.sdk.Stage;
import io.reactivex.rxjava3.core.Flowable;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJarLoaderTest {

    private static final String FIXTURES = "io.mantis.runtime.worker.fixtures.";

    @TempDir
    Path dir;

    @Test
    void loadsTheJobDeclaredInTheServiceFile() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("good.jar"));

        try (LoadedJob loaded = JobJarLoader.load(jar)) {
            assertEquals(GoodProvider.class.getName(), loaded.providerClass());
            assertEquals(GoodProvider.JOB_NAME, loaded.job().name());
            assertEquals(List.of("upper"), loaded.job().stages().stream().map(Stage::name).toList());
        }
    }

    @Test
    void loadsTheJobDeclaredInTheManifest() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).declareInManifest()
                .writeTo(dir.resolve("manifest.jar"));

        try (LoadedJob loaded = JobJarLoader.load(jar)) {
            assertEquals(GoodProvider.class.getName(), loaded.providerClass());
            assertEquals(GoodProvider.JOB_NAME, loaded.job().name());
        }
    }

    @Test
    void theSameClassInServiceFileAndManifestIsOneDeclaration() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).declareInManifest()
                .declareAlso(GoodProvider.class.getName())
                .writeTo(dir.resolve("both.jar"));

        try (LoadedJob loaded = JobJarLoader.load(jar)) {
            assertEquals(GoodProvider.JOB_NAME, loaded.job().name());
        }
    }

    @Test
    void serviceFileCommentsBlankLinesAndSpacesAreIgnored() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).withoutDeclaration().writeTo(dir.resolve("c.jar"));
        writeServiceFile(jar, "# the job of this JAR\n\n   " + GoodProvider.class.getName()
                + "   # trailing comment\r\n\t\n#" + NullProvider.class.getName() + "\n");

        try (LoadedJob loaded = JobJarLoader.load(jar)) {
            assertEquals(GoodProvider.class.getName(), loaded.providerClass());
        }
    }

    @Test
    void aMissingFileIsRejectedNamingThePath() {
        Path jar = dir.resolve("nowhere.jar");

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, jar.toString(), "does not exist", "check the path");
    }

    @Test
    void aDirectoryIsRejected() {
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(dir));

        assertMessage(e, dir.toString(), "is not a regular file");
    }

    @Test
    void aFileThatIsNotAZipIsRejected() {
        Path file = JobJarBuilder.notAJar(dir.resolve("garbage.jar"));

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(file));

        assertMessage(e, file.toString(), "is not a JAR file (zip): ", "'mvn package'");
    }

    @Test
    void aJarWithoutDeclarationIsRejectedSayingHowToDeclare() {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).withoutDeclaration().writeTo(dir.resolve("none.jar"));

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, jar.toString(), "declares no job", "META-INF/services/io.mantis.sdk.JobProvider",
                "Mantis-Job-Provider");
    }

    @Test
    void providersDeclaredOutsideTheJarAreIgnored() throws IOException {
        // The test class path does hold a service file for the provider; only the JAR's own may count.
        Path services = dir.resolve("classpath-services");
        Files.createDirectories(services.resolve("META-INF/services"));
        Files.writeString(services.resolve(JobJarLoader.SERVICE_FILE), GoodProvider.class.getName());
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).withoutDeclaration().writeTo(dir.resolve("none.jar"));

        try (URLClassLoader parentWithService = new URLClassLoader(
                new java.net.URL[] {services.toUri().toURL()}, getClass().getClassLoader())) {
            assertNotNull(parentWithService.getResource(JobJarLoader.SERVICE_FILE), "precondition");
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(parentWithService);
            try {
                InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));
                assertMessage(e, "declares no job");
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }

    @Test
    void aJarDeclaringTwoProvidersInItsServiceFileIsRejectedListingBoth() {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).declareAlso(NullProvider.class.getName())
                .writeTo(dir.resolve("two.jar"));

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, jar.toString(), "declares 2 jobs", GoodProvider.class.getName(),
                NullProvider.class.getName(), "keep exactly one");
    }

    @Test
    void aJarDeclaringOneProviderInTheManifestAndAnotherInTheServiceFileIsRejected() {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).declareInManifest()
                .declareAlso(NullProvider.class.getName())
                .writeTo(dir.resolve("two-ways.jar"));

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, "declares 2 jobs", GoodProvider.class.getName() + " (in the manifest attribute",
                NullProvider.class.getName() + " (in the service file", "keep exactly one");
    }

    @Test
    void aDeclaredClassTheJarDoesNotHoldIsRejected() {
        Path jar = jarDeclaring(FIXTURES + "MissingProvider");

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, jar.toString(), "'" + FIXTURES + "MissingProvider'",
                "does not contain io/mantis/runtime/worker/fixtures/MissingProvider.class");
    }

    @Test
    void aDeclaredProviderThatIsOnlyOnTheRuntimeClassPathIsRejected() {
        // ClassPathOnlyProvider would load through the parent; the JAR must carry its own job.
        Path jar = jarDeclaring(ClassPathOnlyProvider.class.getName());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, "does not contain io/mantis/runtime/worker/JobJarLoaderTest$ClassPathOnlyProvider.class");
    }

    @Test
    void aDeclaredClassInASharedPackageIsRejectedEvenWhenTheJarHoldsIt() {
        // The JAR's copy of an io.mantis.sdk class is never used: the runtime's always wins.
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).withoutDeclaration().addClasses(Job.class)
                .declareAlso(Job.class.getName())
                .writeTo(dir.resolve("sdk-provider.jar"));

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, Job.class.getName(), "package the runtime shares", "io.mantis.sdk.",
                "move it to a package of your own");
    }

    @Test
    void aClassThatIsNotAJobProviderIsRejected() {
        Path jar = jarDeclaring(NotAProvider.class.getName());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, jar.toString(), NotAProvider.class.getName(), "does not implement io.mantis.sdk.JobProvider");
    }

    @Test
    void aProviderWithoutNoArgumentConstructorIsRejected() {
        Path jar = jarDeclaring(NoDefaultConstructorProvider.class.getName());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, jar.toString(), NoDefaultConstructorProvider.class.getName(),
                "has no public no-argument constructor");
    }

    @Test
    void aProviderThatIsNotPublicIsRejected() {
        Path jar = jarDeclaring(FIXTURES + "NotPublicProvider");

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, FIXTURES + "NotPublicProvider", "is not public");
    }

    @Test
    void aConstructorThatThrowsIsReportedWithItsCause() {
        Path jar = jarDeclaring(ThrowingConstructorProvider.class.getName());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, ThrowingConstructorProvider.class.getName(), "constructor threw",
                ThrowingConstructorProvider.MESSAGE);
        assertEquals(FixtureFailure.class.getName(), e.getCause().getClass().getName());
    }

    @Test
    void aJobMethodThatThrowsIsReportedWithItsCause() {
        Path jar = jarDeclaring(ThrowingProvider.class.getName());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, jar.toString(), ThrowingProvider.class.getName(), "job() threw", ThrowingProvider.MESSAGE);
        assertEquals(ThrowingProvider.MESSAGE, e.getCause().getMessage());
    }

    @Test
    void anInvalidJobDefinitionIsReportedWithTheSdkMessage() {
        Path jar = jarDeclaring(InvalidJobProvider.class.getName());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, InvalidJobProvider.class.getName(), "job() threw", "has no stage");
        assertInstanceOf(InvalidJobException.class, e.getCause());
    }

    @Test
    void aJobMethodReturningNullIsRejected() {
        Path jar = jarDeclaring(NullProvider.class.getName());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        assertMessage(e, jar.toString(), NullProvider.class.getName(), "job() returned null");
    }

    @Test
    void theClassLoaderIsClosedWhenLoadingFails() {
        Path jar = jarDeclaring(ThrowingProvider.class.getName());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> JobJarLoader.load(jar));

        // The cause is a class of the JAR, so its loader is the JAR's; a closed URLClassLoader finds nothing.
        URLClassLoader jarLoader = assertInstanceOf(URLClassLoader.class, e.getCause().getClass().getClassLoader());
        assertNotSame(FixtureFailure.class, e.getCause().getClass());
        assertNull(jarLoader.findResource("META-INF/MANIFEST.MF"));
    }

    @Test
    void closeClosesTheClassLoader() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("good.jar"));
        LoadedJob loaded = JobJarLoader.load(jar);
        assertNotNull(loaded.classLoader().findResource("META-INF/MANIFEST.MF"));

        loaded.close();
        loaded.close();

        assertNull(loaded.classLoader().findResource("META-INF/MANIFEST.MF"));
    }

    @Test
    void theJarsOwnClassesComeFromItsClassLoaderEvenWhenTheParentHasThem() throws Exception {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("good.jar"));

        try (LoadedJob loaded = JobJarLoader.load(jar)) {
            URLClassLoader own = loaded.classLoader();
            Class<?> provider = own.loadClass(GoodProvider.class.getName());
            assertSame(own, provider.getClassLoader());
            assertNotSame(GoodProvider.class, provider);
            assertSame(own, own.loadClass(Words.class.getName()).getClassLoader());
            // The source is a lambda of the JAR's provider, so it was defined by the JAR's loader too.
            assertSame(own, loaded.job().source().getClass().getClassLoader());
        }
    }

    @Test
    void theSdkAndItsLibrariesComeFromTheRuntimeEvenWhenTheJarBundlesThem() throws Exception {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).addClasses(Job.class, JobProvider.class)
                .writeTo(dir.resolve("bundles-sdk.jar"));

        try (LoadedJob loaded = JobJarLoader.load(jar)) {
            assertNotNull(loaded.classLoader().findResource("io/mantis/sdk/Job.class"), "precondition");
            assertSame(Job.class, loaded.classLoader().loadClass(Job.class.getName()));
            assertSame(Job.class, loaded.job().getClass());
            assertSame(Flowable.class, loaded.classLoader().loadClass(Flowable.class.getName()));
        }
    }

    @Test
    void theLoadedJobRunsWithTheJarsCode() throws Throwable {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("good.jar"));

        try (LoadedJob loaded = JobJarLoader.load(jar)) {
            @SuppressWarnings("unchecked")
            Flowable<String> words = (Flowable<String>) loaded.job().source().create(null);
            @SuppressWarnings("unchecked")
            Stage<String, String> upper = (Stage<String, String>) loaded.job().stages().get(0);

            List<String> out = upper.function().apply(null, words).toList().blockingGet();

            assertEquals(List.of("HELLO", "JOB", "JAR"), out);
        }
    }

    @Test
    void theProviderRunsWithTheJarsLoaderAsContextClassLoaderWhichIsRestoredAfter() throws IOException {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("good.jar"));
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        try (LoadedJob loaded = JobJarLoader.load(jar)) {
            assertEquals("context class loader: " + loaded.classLoader().getName(), loaded.job().description());
            assertTrue(loaded.classLoader().getName().contains("good.jar"), loaded.classLoader().getName());
        }
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void twoLoadsOfOneJarAreIsolatedFromEachOther() throws Exception {
        Path jar = JobJarBuilder.forProvider(GoodProvider.class).writeTo(dir.resolve("good.jar"));

        try (LoadedJob first = JobJarLoader.load(jar); LoadedJob second = JobJarLoader.load(jar)) {
            assertNotSame(first.classLoader(), second.classLoader());
            assertNotSame(first.classLoader().loadClass(GoodProvider.class.getName()),
                    second.classLoader().loadClass(GoodProvider.class.getName()));
        }
    }

    @Test
    void aNullPathIsRejected() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> JobJarLoader.load(null));
        assertEquals("jar is null", e.getMessage());
    }

    /** A valid provider that lives only on the test class path, never in a fixture JAR. */
    public static final class ClassPathOnlyProvider implements JobProvider {
        @Override
        public Job<?> job() {
            return new GoodProvider().job();
        }
    }

    private Path jarDeclaring(String className) {
        String file = className.substring(className.lastIndexOf('.') + 1).replace('$', '-') + ".jar";
        return JobJarBuilder.forProvider(GoodProvider.class).withoutDeclaration().declareAlso(className)
                .writeTo(dir.resolve(file));
    }

    private static void writeServiceFile(Path jar, String text) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            Path file = zip.getPath(JobJarLoader.SERVICE_FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks \"" + part + "\": " + e.getMessage());
        }
    }
}
