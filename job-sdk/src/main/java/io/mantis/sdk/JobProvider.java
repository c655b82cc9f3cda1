package io.mantis.sdk;

/**
 * How a job JAR declares its job, so the platform finds it without being told a class name.
 *
 * <p>Declare exactly one implementation, either as a {@link java.util.ServiceLoader} service
 * ({@code META-INF/services/io.mantis.sdk.JobProvider}) or with the manifest attribute
 * {@value #MANIFEST_ATTRIBUTE}. The class needs a public no-argument constructor.
 */
@FunctionalInterface
public interface JobProvider {

    /** The manifest attribute that names the {@code JobProvider} class of a job JAR. */
    String MANIFEST_ATTRIBUTE = "Mantis-Job-Provider";

    Job<?> job();
}
