package io.mantis.master.resources;

/** Builds the resource provider of a leader's term: embedded agents by default, or Mesos. */
@FunctionalInterface
public interface ProviderFactory {

    ResourceProvider create(ProviderContext context);
}
