package io.mantis.master.resources;

import io.mantis.master.store.MetadataStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What a leader's control plane hands a {@link ProviderFactory}.
 *
 * @param store        durable state of the provider's own (e.g. the Mesos framework id)
 * @param masterUrl    where agents and Mesos's fetcher download JARs, and workers send heartbeats
 * @param token        the API token, or null
 * @param timer        shared timer thread of the control plane; tasks must be short
 * @param knownWorker  what the job manager knows of a worker it did not launch in this term (after a restart)
 */
public record ProviderContext(MetadataStore store, URI masterUrl, String token, Clock clock,
                              ScheduledExecutorService timer, HttpClient http, Duration agentTimeout,
                              Function<String, Optional<KnownWorker>> knownWorker) {
}
