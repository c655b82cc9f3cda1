package io.mantis.master.artifacts;

/** A stored job JAR, addressed by the SHA-256 of its bytes (lower-case hex). */
public record ArtifactInfo(String sha256, long size, String fileName, long uploadedAt, JobDescription job) {
}
