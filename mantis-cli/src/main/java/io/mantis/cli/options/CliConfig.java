package io.mantis.cli.options;

import io.mantis.cli.CliException;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the master is and which token to send, each chosen by precedence: the command-line option, then the
 * environment ({@code MANTIS_MASTER}, {@code MANTIS_TOKEN}), then {@code master=} / {@code token=} in the config
 * file, then the default ({@code http://127.0.0.1:8100}, no token). Blank values count as absent.
 *
 * @param master the master's base URL, without {@code /api/v1}
 * @param token  the API token, or null for none
 */
public record CliConfig(URI master, String token) {

    public static final String DEFAULT_MASTER = "http://127.0.0.1:8100";

    /**
     * @throws CliException if the config file cannot be read or the chosen master is not an http(s) URL
     */
    public static CliConfig resolve(String masterOption, String tokenOption, Map<String, String> env,
                                    Path configFile) {
        Properties file = readProperties(configFile);
        String master = first(masterOption, env.get("MANTIS_MASTER"), file.getProperty("master"), DEFAULT_MASTER);
        String token = first(tokenOption, env.get("MANTIS_TOKEN"), file.getProperty("token"), null);
        return new CliConfig(parseMaster(master), token);
    }

    /** The config file's entries; none when it does not exist. */
    public static Properties readProperties(Path configFile) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            return props;
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException("cannot read " + configFile + ": " + e.getMessage()
                    + "; fix it or remove it (it holds key=value lines such as master=http://host:8100)", e);
        }
        return props;
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c.trim();
            }
        }
        return null;
    }

    private static URI parseMaster(String text) {
        String trimmed = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        try {
            URI uri = new URI(trimmed);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // fall through to the message below
        }
        throw new CliException("master '" + text + "' is not a URL like http://127.0.0.1:8100; "
                + "fix --master, MANTIS_MASTER or 'master' in the config file");
    }
}
