/**
 * How the platform loads a job JAR: shared by the master (which reads a JAR's job description) and the workers
 * (which run it). Not for job authors' code, but it is their contract too: it says which packages a JAR shares with
 * the platform and so must not bundle its own copies of.
 */
package io.mantis.sdk.loading;
