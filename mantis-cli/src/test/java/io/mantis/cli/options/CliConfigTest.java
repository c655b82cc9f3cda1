package io.mantis.cli.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mantis.cli.CliException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsToLocalMasterWithoutToken() {
        CliConfig c = CliConfig.resolve(null, null, Map.of(), dir.resolve("missing"));
        assertEquals(URI.create("http://127.0.0.1:8100"), c.master());
        assertNull(c.token());
    }

    @Test
    void optionBeatsEnvironmentBeatsFile() throws IOException {
        Path file = Files.writeString(dir.resolve("config"), "# mine\nmaster=http://file:1\ntoken=from-file\n");
        Map<String, String> env = Map.of("MANTIS_MASTER", "http://env:2", "MANTIS_TOKEN", "from-env");

        assertEquals(new CliConfig(URI.create("http://file:1"), "from-file"),
                CliConfig.resolve(null, null, Map.of(), file));
        assertEquals(new CliConfig(URI.create("http://env:2"), "from-env"), CliConfig.resolve(null, null, env, file));
        assertEquals(new CliConfig(URI.create("http://opt:3"), "from-opt"),
                CliConfig.resolve("http://opt:3/", "from-opt", env, file));
    }

    @Test
    void blankValuesFallThrough() throws IOException {
        Path file = Files.writeString(dir.resolve("config"), "master=http://file:1\n");
        CliConfig c = CliConfig.resolve(" ", null, Map.of("MANTIS_MASTER", ""), file);
        assertEquals(URI.create("http://file:1"), c.master());
    }

    @Test
    void masterThatIsNotAnHttpUrlIsRejectedSayingWhereToFixIt() {
        CliException e = assertThrows(CliException.class,
                () -> CliConfig.resolve("localhost:8100", null, Map.of(), dir.resolve("missing")));
        assertTrue(e.getMessage().contains("'localhost:8100' is not a URL like http://127.0.0.1:8100"),
                e.getMessage());
    }
}
