package io.mantis.master.artifacts;

import io.mantis.master.artifacts.fixture.ClicksJobProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Builds job JARs from the compiled test fixtures, the way 'mvn package' would. */
final class TestJars {

    static final String FIXTURE = "io/mantis/master/artifacts/fixture/";

    private TestJars() {
    }

    /**
     * @param serviceFile the service file's text, or null for none
     * @param manifestProvider the Mantis-Job-Provider attribute, or null for none
     */
    static Path jar(Path target, String serviceFile, String manifestProvider) {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifestProvider != null) {
            manifest.getMainAttributes().putValue("Mantis-Job-Provider", manifestProvider);
        }
        try (OutputStream file = Files.newOutputStream(target);
             JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (Path classFile : fixtureClasses()) {
                jar.putNextEntry(new JarEntry(FIXTURE + classFile.getFileName()));
                Files.copy(classFile, jar);
                jar.closeEntry();
            }
            if (serviceFile != null) {
                jar.putNextEntry(new JarEntry(JarInspector.SERVICE_FILE));
                jar.write(serviceFile.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    static Path clicksJar(Path target) {
        return jar(target, "# the job\n" + ClicksJobProvider.class.getName() + "\n", null);
    }

    private static List<Path> fixtureClasses() throws IOException {
        Path classes;
        try {
            classes = Path.of(ClicksJobProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.list(classes.resolve(FIXTURE))) {
            return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
    }
}
