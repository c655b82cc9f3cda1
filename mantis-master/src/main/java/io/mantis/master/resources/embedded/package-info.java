/**
 * The master's side of the embedded agents: {@link io.mantis.master.resources.embedded.EmbeddedAgents} is the
 * {@link io.mantis.master.resources.ResourceProvider} that turns agent heartbeats (delivered by the REST layer) into
 * leases and worker statuses, and sends launches and kills to the agents' own HTTP endpoints. Everything else in the
 * package is its internals.
 */
package io.mantis.master.resources.embedded;
