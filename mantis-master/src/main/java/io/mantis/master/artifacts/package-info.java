/**
 * Job JARs: {@link io.mantis.master.artifacts.ArtifactStore} keeps them by SHA-256 on disk, and
 * {@link io.mantis.master.artifacts.JarInspector} reads the job each one declares without running it.
 */
package io.mantis.master.artifacts;
