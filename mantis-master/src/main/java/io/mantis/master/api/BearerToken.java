package io.mantis.master.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Checks {@code Authorization: Bearer <token>} against the master's API token. Both sides are hashed before the
 * comparison, so it takes the same time whatever the header holds, its length included. Immutable, thread-safe.
 */
final class BearerToken {

    static final String REQUIRED = "this master requires an API token: set MANTIS_TOKEN or 'token' in ~/.mantis/config";

    private static final String SCHEME = "Bearer ";

    private final byte[] expectedHash;

    /** @throws IllegalArgumentException when the token is blank */
    BearerToken(String token) {
        Objects.requireNonNull(token, "token is null");
        if (token.isBlank()) {
            throw new IllegalArgumentException("API token is blank: give a non-empty token, or none to leave the API open");
        }
        this.expectedHash = sha256(token);
    }

    /** @param authorization the header's value, or null when absent */
    boolean permits(String authorization) {
        String given = authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? authorization.substring(SCHEME.length()).strip() : "";
        boolean match = MessageDigest.isEqual(expectedHash, sha256(given));
        return match && !given.isEmpty();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
