package io.mantis.master.resources.mesos;

import java.net.URI;
import java.time.Duration;

/**
 * What actually adds or removes Mesos agents (machines) for the {@link MesosPoolScaler}: Mesos itself cannot start
 * or stop machines, so an operator's command or HTTP endpoint does. Implementations log their outcome and never
 * throw; they may block (the scaler calls them on its own thread).
 */
public interface ScaleHook {

    /** The agent has been drained and may be given back (its machine stopped, returned to a cloud, ...). */
    void release(String pool, String agentId, String hostname);

    /** The pool needs {@code count} more agents, registered with the pool's {@code pool} attribute. */
    void scaleUp(String pool, int count);

    /**
     * {@code sh -c command} with {@code MANTIS_SCALE_ACTION} ({@code release} or {@code scale-up}),
     * {@code MANTIS_POOL}, and {@code MANTIS_AGENT_ID} and {@code MANTIS_AGENT_HOSTNAME} (release) or
     * {@code MANTIS_SCALE_COUNT} (scale-up) in its environment; killed after {@code timeout}.
     *
     * @throws IllegalArgumentException when the command is blank
     */
    static ScaleHook command(String command, Duration timeout) {
        return new CommandScaleHook(command, timeout);
    }

    /**
     * {@code POST url} with JSON {@code {"action":"release","pool","agentId","hostname"}} or
     * {@code {"action":"scale-up","pool","count"}}; a non-2xx answer is logged.
     *
     * @throws IllegalArgumentException when {@code url} is not an http(s) URL
     */
    static ScaleHook http(String url, Duration timeout) {
        return new HttpScaleHook(url, timeout);
    }

    /** No hook: logs exactly what it would release or ask for. */
    static ScaleHook none() {
        return new LoggingScaleHook();
    }

    /** {@code url} as a URI, if it is an http(s) URL with a host; else an error saying what to give. */
    static URI checkedUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scaler URL '" + url + "' is not a URL: give http://host:port/path", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("scaler URL '" + url + "' is not an http:// or https:// URL with a "
                    + "host: give e.g. http://autoscaler:8080/mantis");
        }
        return uri;
    }
}
