package io.mantis.master.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.master.artifacts.JobDescription.ParameterDescription;
import io.mantis.master.artifacts.JobDescription.StageDescription;
import io.mantis.master.artifacts.fixture.ClicksJobProvider;
import io.mantis.master.artifacts.fixture.FailingJobProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarInspectorTest {

    @TempDir
    Path dir;

    private final JarInspector inspector = new JarInspector();

    private String failure(Path jar) {
        return assertThrows(InvalidArtifactException.class, () -> inspector.inspect(jar)).getMessage();
    }

    @Test
    void describesTheJobOfAServiceFileDeclaration() {
        JobDescription job = inspector.inspect(TestJars.clicksJar(dir.resolve("clicks.jar")));

        assertEquals("clicks", job.name());
        assertEquals("counts clicks per page; loaded by its own class loader", job.description(),
                "the provider comes from the JAR, not from the master's class path");
        assertEquals(List.of(
                new StageDescription(1, "split", "toKeyed", 3, 0.5, 256, 32, 64),
                new StageDescription(2, "count", "perKey", 1, 1.0, 1024, 128, 1024)), job.stages());
        assertEquals(List.of(
                new ParameterDescription("rate", "int", false, "100", "clicks per second"),
                new ParameterDescription("topic", "string", true, null, "")), job.parameters());
    }

    @Test
    void findsTheProviderThroughTheManifest() {
        Path jar = TestJars.jar(dir.resolve("m.jar"), null, ClicksJobProvider.class.getName());
        assertEquals("clicks", inspector.inspect(jar).name());
    }

    @Test
    void refusesAFileThatIsNotAJar() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.jar"), "just some text");
        assertTrue(failure(text).startsWith("not a JAR (zip) file"), failure(text));
        Path empty = Files.write(dir.resolve("empty.jar"), new byte[0]);
        assertTrue(failure(empty).startsWith("not a JAR (zip) file"), failure(empty));
    }

    @Test
    void refusesAJarThatDeclaresNoJob() {
        Path jar = TestJars.jar(dir.resolve("none.jar"), null, null);
        assertTrue(failure(jar).contains("declares no job: add META-INF/services/io.mantis.sdk.JobProvider or a "
                + "Mantis-Job-Provider manifest entry"), failure(jar));
    }

    @Test
    void refusesAJarThatDeclaresTwoJobs() {
        Path jar = TestJars.jar(dir.resolve("two.jar"), ClicksJobProvider.class.getName(),
                FailingJobProvider.class.getName());
        assertTrue(failure(jar).contains("declares 2 job providers"), failure(jar));
    }

    @Test
    void refusesAProviderMissingFromTheJar() {
        Path jar = TestJars.jar(dir.resolve("missing.jar"), "com.example.Nope\n", null);
        assertTrue(failure(jar).startsWith("job provider com.example.Nope not found in the JAR"), failure(jar));
    }

    @Test
    void reportsAProviderThatFails() {
        Path jar = TestJars.jar(dir.resolve("failing.jar"), FailingJobProvider.class.getName(), null);
        String message = failure(jar);
        assertTrue(message.startsWith("job provider failed: "), message);
        assertTrue(message.contains("no topic configured"), message);
    }
}
